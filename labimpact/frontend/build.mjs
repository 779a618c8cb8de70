// `make assets`: builds static/dist/ from the npm packages (package-lock.json) and our
// sources. Its output is committed, so that running or testing the site needs no build;
// tests/labimpact/test_assets.py checks the output against its sources.
//
//   site.js    Bootstrap Italia's components the templates use (labimpact/frontend/main.js), esbuild.
//   site.css   labimpact/frontend/fonts.css (the faces the pages use) + Bootstrap Italia's CSS trimmed
//              by PurgeCSS to the selectors our templates, Python code and scripts name.
//   sprite.svg the icons the templates name, out of Bootstrap Italia's 700-icon sprite.
//
// Usage: node labimpact/frontend/build.mjs [output directory, static/dist by default]

import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import * as esbuild from "esbuild";
import { PurgeCSS } from "purgecss";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const OUT = resolve(ROOT, process.argv[2] || "static/dist");
const THEME = join(ROOT, "node_modules", "bootstrap-italia", "dist");

// Where class names come from: our templates (not the admin's, nor the apps' admin pages under
// <app>/admin/: they use the admin's own CSS, and their words would keep theme rules), the
// crispy-forms templates that render our forms, Python code that sets classes on widgets,
// our scripts, and the bundle (the classes Bootstrap Italia's components add at run time).
// [folder, file extension, paths left out (their beginnings)]: crispy's layouts that our
// forms do not use (accordions, tabs, modals, alerts, switches, formsets) would keep their
// components' styles.
const CONTENT = [
  ["templates", ".html", ["admin/", "workshops/admin/", "networks/admin/"]],
  ["workshops", ".py", ["migrations/"]],
  ["networks", ".py", ["migrations/"]],
  ["labimpact", ".py", []],
  ["static/js", ".js", []],
  [
    `${sitePackages()}/crispy_bootstrap5/templates/bootstrap5`,
    ".html",
    ["accordion", "table_inline", "layout/alert", "layout/modal", "layout/tab", "layout/switch"],
  ],
];

function sitePackages() {
  const lib = join(ROOT, ".venv", "lib");
  const python = existsSync(lib) ? readdirSync(lib).find((name) => name.startsWith("python")) : null;
  if (!python) {
    throw new Error("No .venv: run `make install` first (crispy-forms' templates are read).");
  }
  return join(".venv", "lib", python, "site-packages");
}

// Elements an article body may hold (the editor writes them, the database keeps them):
// no template names them, so PurgeCSS would drop their styles.
const BODY_ELEMENTS = [
  "a", "abbr", "b", "blockquote", "br", "caption", "code", "em", "figcaption", "figure",
  "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "mark", "ol", "p", "pre", "s",
  "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
  "u", "ul",
];

const LICENCE =
  "/*! Bootstrap Italia (https://italia.github.io/bootstrap-italia/), BSD-3-Clause: " +
  "see node_modules/bootstrap-italia/LICENSE. Bundled by labimpact/frontend/build.mjs. */";

function contentFiles() {
  return CONTENT.flatMap(([folder, extension, skipped]) =>
    readdirSync(join(ROOT, folder), { recursive: true })
      .filter((file) => file.endsWith(extension))
      .filter((file) => !skipped.some((skip) => file.startsWith(skip)))
      // Sorted: the same sources give the same output on every machine.
      .sort()
      .map((file) => join(folder, file)),
  );
}

async function buildJs() {
  const result = await esbuild.build({
    entryPoints: [join(ROOT, "labimpact", "frontend", "main.js")],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2019"],
    legalComments: "none",
    banner: { js: LICENCE },
    write: false,
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

async function buildCss(js) {
  const files = contentFiles();
  const raw = await Promise.all(
    files.map(async (file) => ({
      raw: await readFile(join(ROOT, file), "utf8"),
      extension: file.split(".").pop(),
    })),
  );
  const [purged] = await new PurgeCSS().purge({
    content: [...raw, { raw: js, extension: "js" }],
    css: [{ raw: await readFile(join(THEME, "css", "bootstrap-italia.min.css"), "utf8") }],
    // _icon.html builds icon-<size> and icon-<colour> from its arguments.
    safelist: { standard: [...BODY_ELEMENTS, /^icon-/] },
    // Our own @font-face rules come first, with only the faces the pages use; the theme's
    // (its video player's icon font) and its unused animations go.
    fontFace: true,
    keyframes: true,
  });
  const fonts = await readFile(join(ROOT, "labimpact", "frontend", "fonts.css"), "utf8");
  const css = await esbuild.transform(`${fonts}\n${purged.css}`, {
    loader: "css",
    minify: true,
    legalComments: "none",
  });
  return `${LICENCE}\n${css.code}`;
}

async function buildSprite() {
  const used = new Set();
  for (const file of contentFiles()) {
    const text = await readFile(join(ROOT, file), "utf8");
    for (const match of text.matchAll(/_icon\.html"? with name="(it-[a-z0-9-]+)"/g)) {
      used.add(match[1]);
    }
  }
  const sprite = await readFile(join(THEME, "svg", "sprites.svg"), "utf8");
  const symbols = [...used].sort().map((id) => {
    const symbol = sprite.match(new RegExp(`<symbol id="${id}"[^>]*>.*?</symbol>`, "s"));
    if (!symbol) {
      throw new Error(`Bootstrap Italia has no icon named ${id}`);
    }
    return symbol[0];
  });
  return `<svg xmlns="http://www.w3.org/2000/svg">${symbols.join("")}</svg>\n`;
}

const js = await buildJs();
const files = {
  "site.js": js,
  "site.css": await buildCss(js),
  "sprite.svg": await buildSprite(),
};
await mkdir(OUT, { recursive: true });
for (const [name, text] of Object.entries(files)) {
  await writeFile(join(OUT, name), text);
  console.log(`${join(OUT, name)}: ${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB`);
}
