// Lint: typescript-eslint's recommended rules, plus the house's import boundaries (STYLE.md):
// core is pure and imports nothing above it; adapters import no face, pipeline or orchestrator;
// the faces (cli, app, action) stand side by side and do not import each other.
import tseslint from "typescript-eslint";

const layer = (names) =>
  names.map((name) => ({
    group: [`**/${name}`, `**/${name}/**`],
    message: `imports ${name}: see STYLE.md (no import runs upward)`,
  }));
const FACES = ["cli", "app", "action", "dev"];
// src/publish: what the two GitHub faces (app, action) share: comment body, approval, commands.
const ABOVE_ADAPTERS = ["pipeline", "publish", "analyze.js", "analyze-types.js", ...FACES];
const ABOVE_CORE = ["adapters", ...ABOVE_ADAPTERS];

const boundary = (files, names) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns: layer(names) }] },
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".tools/**", ".bench/**", "coverage/**", "examples/**", "charts/**"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
      // Ports are async by contract; an implementation that happens not to await is fine.
      "@typescript-eslint/require-await": "off",
      // Values from users' YAML are printed the way Argo CD's Go code prints them; String(x) is intended.
      "@typescript-eslint/no-base-to-string": "off",
    },
  },
  {
    // Tests poke at parsed JSON and YAML; typing every fixture would add noise, not safety.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
    },
  },
  { files: ["**/*.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
  boundary(["src/core/**/*.ts", "src/config/**/*.ts"], ABOVE_CORE),
  boundary(["src/adapters/**/*.ts"], ABOVE_ADAPTERS),
  boundary(["src/pipeline/**/*.ts"], ["analyze.js", "publish", ...FACES]),
  boundary(["src/publish/**/*.ts"], ["pipeline", "analyze.js", ...FACES]),
  boundary(["src/cli/**/*.ts"], ["app", "action", "dev"]),
  boundary(["src/app/**/*.ts"], ["cli", "action", "dev"]),
  boundary(["src/action/**/*.ts"], ["cli", "app", "dev"]),
);
