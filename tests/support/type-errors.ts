// Type errors of a fixture file compiled with the project's tsconfig, optionally with its text replaced: the
// type tests check that a fixture compiles and that without its `@ts-expect-error` lines exactly those fail.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export function compilerOptions(): ts.CompilerOptions {
  const configFile = ts.readConfigFile(join(root, "tsconfig.json"), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  return { ...parsed.options, noEmit: true };
}

/** Type errors of `fixture`, its text replaced by `text`, as [line (1-based), message]. */
export function errorsOf(fixture: string, text: string): [number, string][] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (p) => (resolve(p) === fixture ? text : readFile(p));
  const program = ts.createProgram([fixture], options, host);
  const source = program.getSourceFile(fixture)!;
  return ts.getPreEmitDiagnostics(program, source).map((d) => [
    source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
    ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  ]);
}

/**
 * The fixture's text without its `// @ts-expect-error` directives, and the (1-based) lines they stood for:
 * compiled, exactly those lines must fail.
 */
export function withoutExpectedErrors(text: string): { text: string; expected: number[] } {
  const expected: number[] = [];
  const stripped = text.split("\n").map((line, i) => {
    if (!line.trim().startsWith("// @ts-expect-error")) return line;
    expected.push(i + 2); // the line after the directive, 1-based
    return "";
  });
  return { text: stripped.join("\n"), expected };
}
