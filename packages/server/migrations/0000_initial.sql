CREATE TABLE "build_tables" (
	"build_id" text NOT NULL,
	"name" text NOT NULL,
	"columns" jsonb NOT NULL,
	"rows" jsonb NOT NULL,
	CONSTRAINT "build_tables_build_id_name_pk" PRIMARY KEY("build_id","name")
);
--> statement-breakpoint
CREATE TABLE "builds" (
	"id" text PRIMARY KEY NOT NULL,
	"framework_id" text NOT NULL,
	"spec_version" integer NOT NULL,
	"status" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "countries" (
	"iso3" text PRIMARY KEY NOT NULL,
	"iso2" text,
	"m49" text,
	"name_en" text NOT NULL,
	"name_zh" text,
	"un_region" text,
	"un_subregion" text,
	"wb_region" text,
	"wb_income_group" text,
	"is_independent" boolean DEFAULT false NOT NULL,
	"bri_partner" boolean DEFAULT false NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"name" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"format" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"rows" integer NOT NULL,
	"columns" jsonb NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "frameworks" (
	"id" text PRIMARY KEY NOT NULL,
	"name" jsonb,
	"origin" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"outcome" jsonb,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "index_specs" (
	"framework_id" text NOT NULL,
	"version" integer NOT NULL,
	"sha256" text NOT NULL,
	"spec" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "index_specs_framework_id_version_pk" PRIMARY KEY("framework_id","version")
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"country_iso3" text NOT NULL,
	"indicator_code" text NOT NULL,
	"year" integer NOT NULL,
	"source" text NOT NULL,
	"value" double precision,
	"source_code" text,
	"note" text,
	"import_id" bigint NOT NULL,
	CONSTRAINT "indicator_values_country_iso3_indicator_code_year_source_pk" PRIMARY KEY("country_iso3","indicator_code","year","source")
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"code" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text,
	"unit" text,
	"source" text,
	"source_code" text,
	"licence_status" text,
	"default_transformation" text,
	"description" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "results" (
	"build_id" text NOT NULL,
	"unit" text NOT NULL,
	"year" integer NOT NULL,
	"code" text NOT NULL,
	"level" integer NOT NULL,
	"score" double precision,
	"rank" double precision,
	CONSTRAINT "results_build_id_unit_year_code_pk" PRIMARY KEY("build_id","unit","year","code")
);
--> statement-breakpoint
CREATE TABLE "sensitivity_results" (
	"run_id" text NOT NULL,
	"unit" text NOT NULL,
	"year" integer NOT NULL,
	"code" text NOT NULL,
	"nominal_rank" double precision,
	"median_rank" double precision,
	"rank_low" double precision,
	"rank_high" double precision,
	CONSTRAINT "sensitivity_results_run_id_unit_year_code_pk" PRIMARY KEY("run_id","unit","year","code")
);
--> statement-breakpoint
CREATE TABLE "sensitivity_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"build_id" text NOT NULL,
	"framework_id" text NOT NULL,
	"spec_version" integer NOT NULL,
	"kind" text NOT NULL,
	"options" jsonb NOT NULL,
	"runs" integer NOT NULL,
	"failed_runs" integer NOT NULL,
	"indices" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "builds_framework" ON "builds" USING btree ("framework_id","finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "imports_kind_name_sha256" ON "imports" USING btree ("kind","name","sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "index_specs_framework_sha256" ON "index_specs" USING btree ("framework_id","sha256");--> statement-breakpoint
CREATE INDEX "indicator_values_indicator_year" ON "indicator_values" USING btree ("indicator_code","year");--> statement-breakpoint
CREATE INDEX "results_build_code_year_rank" ON "results" USING btree ("build_id","code","year","rank");