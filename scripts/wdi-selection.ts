/**
 * The World Development Indicators the frameworks use, with our indicator codes and labels.
 * Only codes present in data/wdi/indicators.csv are listed; build-data checks that each one is
 * there. Read by scripts/extract-wdi.ts (which rows to keep) and scripts/build-data.ts (names).
 */

export type Transformation = 'log' | 'none';

export interface WdiSelection {
  wdiCode: string;
  code: string;
  pillar: 'cultural attraction' | 'cultural innovation' | 'cultural industry and services' | 'hard power' | 'context';
  nameZh: string;
  unit: string;
  transformation: Transformation;
}

export const wdiSelection: readonly WdiSelection[] = [
  { wdiCode: 'ST.INT.ARVL', code: 'tourism_arrivals', pillar: 'cultural attraction', nameZh: '国际游客到访人次', unit: 'arrivals', transformation: 'log' },
  { wdiCode: 'ST.INT.RCPT.CD', code: 'tourism_receipts', pillar: 'cultural attraction', nameZh: '国际旅游收入', unit: 'current US$', transformation: 'log' },
  { wdiCode: 'ST.INT.RCPT.XP.ZS', code: 'tourism_receipts_pct_exports', pillar: 'cultural attraction', nameZh: '国际旅游收入占出口总额比重', unit: '% of total exports', transformation: 'none' },
  { wdiCode: 'IS.AIR.DPRT', code: 'air_departures', pillar: 'cultural attraction', nameZh: '航空承运人全球起飞架次', unit: 'departures', transformation: 'log' },
  { wdiCode: 'SM.POP.TOTL', code: 'migrant_stock', pillar: 'cultural attraction', nameZh: '国际移民存量', unit: 'persons', transformation: 'log' },
  { wdiCode: 'BX.GSR.ROYL.CD', code: 'ip_receipts', pillar: 'cultural innovation', nameZh: '知识产权使用费收入', unit: 'current US$', transformation: 'log' },
  { wdiCode: 'BM.GSR.ROYL.CD', code: 'ip_payments', pillar: 'cultural innovation', nameZh: '知识产权使用费支出', unit: 'current US$', transformation: 'log' },
  { wdiCode: 'IP.TMK.RESD', code: 'trademark_applications_resident', pillar: 'cultural innovation', nameZh: '商标申请量（居民直接申请）', unit: 'applications', transformation: 'log' },
  { wdiCode: 'IP.TMK.NRES', code: 'trademark_applications_nonresident', pillar: 'cultural innovation', nameZh: '商标申请量（非居民直接申请）', unit: 'applications', transformation: 'log' },
  { wdiCode: 'IP.PAT.RESD', code: 'patent_applications_resident', pillar: 'cultural innovation', nameZh: '专利申请量（居民）', unit: 'applications', transformation: 'log' },
  { wdiCode: 'IP.PAT.NRES', code: 'patent_applications_nonresident', pillar: 'cultural innovation', nameZh: '专利申请量（非居民）', unit: 'applications', transformation: 'log' },
  { wdiCode: 'IP.JRN.ARTC.SC', code: 'journal_articles', pillar: 'cultural innovation', nameZh: '科技期刊论文数', unit: 'articles', transformation: 'log' },
  { wdiCode: 'TX.VAL.TECH.CD', code: 'high_tech_exports', pillar: 'cultural innovation', nameZh: '高科技产品出口额', unit: 'current US$', transformation: 'log' },
  { wdiCode: 'TX.VAL.TECH.MF.ZS', code: 'high_tech_exports_pct_manufactured', pillar: 'cultural innovation', nameZh: '高科技产品出口占制成品出口比重', unit: '% of manufactured exports', transformation: 'none' },
  { wdiCode: 'IT.NET.BBND.P2', code: 'fixed_broadband_per_100', pillar: 'cultural industry and services', nameZh: '固定宽带订户数（每百人）', unit: 'per 100 people', transformation: 'none' },
  { wdiCode: 'IT.NET.SECR.P6', code: 'secure_servers_per_million', pillar: 'cultural industry and services', nameZh: '安全互联网服务器数（每百万人）', unit: 'per million people', transformation: 'log' },
  { wdiCode: 'IT.CEL.SETS.P2', code: 'mobile_subscriptions_per_100', pillar: 'cultural industry and services', nameZh: '移动电话订户数（每百人）', unit: 'per 100 people', transformation: 'none' },
  { wdiCode: 'NE.EXP.GNFS.ZS', code: 'exports_pct_gdp', pillar: 'cultural industry and services', nameZh: '货物和服务出口占GDP比重', unit: '% of GDP', transformation: 'none' },
  { wdiCode: 'SE.TER.ENRR', code: 'tertiary_enrolment', pillar: 'cultural industry and services', nameZh: '高等教育毛入学率', unit: '% gross', transformation: 'none' },
  { wdiCode: 'SE.XPD.TOTL.GD.ZS', code: 'education_expenditure_pct_gdp', pillar: 'cultural industry and services', nameZh: '政府教育支出占GDP比重', unit: '% of GDP', transformation: 'none' },
  { wdiCode: 'NY.GDP.MKTP.CD', code: 'gdp', pillar: 'hard power', nameZh: '国内生产总值（现价美元）', unit: 'current US$', transformation: 'log' },
  { wdiCode: 'NY.GDP.PCAP.CD', code: 'gdp_per_capita', pillar: 'hard power', nameZh: '人均国内生产总值（现价美元）', unit: 'current US$', transformation: 'log' },
  { wdiCode: 'NY.GDP.PCAP.PP.CD', code: 'gdp_per_capita_ppp', pillar: 'hard power', nameZh: '人均国内生产总值（购买力平价，现价国际元）', unit: 'current international $', transformation: 'log' },
  { wdiCode: 'SP.POP.TOTL', code: 'population', pillar: 'hard power', nameZh: '总人口', unit: 'persons', transformation: 'log' },
  { wdiCode: 'AG.LND.TOTL.K2', code: 'land_area', pillar: 'hard power', nameZh: '国土面积', unit: 'sq. km', transformation: 'log' },
  { wdiCode: 'MS.MIL.XPND.GD.ZS', code: 'military_expenditure_pct_gdp', pillar: 'hard power', nameZh: '军费开支占GDP比重', unit: '% of GDP', transformation: 'none' },
  { wdiCode: 'GB.XPD.RSDV.GD.ZS', code: 'rd_expenditure_pct_gdp', pillar: 'hard power', nameZh: '研发支出占GDP比重', unit: '% of GDP', transformation: 'none' },
  { wdiCode: 'SP.POP.SCIE.RD.P6', code: 'researchers_per_million', pillar: 'hard power', nameZh: '研发人员数（每百万人）', unit: 'per million people', transformation: 'log' },
];

/** First year kept in the extract and in the derived indicator table. */
export const FIRST_YEAR = 2005;
