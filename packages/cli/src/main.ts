export async function main(argv: string[]): Promise<number> {
  console.log('softpower', argv.slice(2).join(' '));
  return 0;
}
