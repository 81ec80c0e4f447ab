// Builds static/css/bootstrap-used.css: the rules of the vendored Bootstrap (static/vendor/bootstrap,
// `make vendor`) that the public pages can use, found by PurgeCSS in their templates, scripts, form
// classes and the crispy-forms templates that draw the sign form. Run by `make css`, which passes
// the crispy_bootstrap5 package's folder. The admin does not load Bootstrap and is not scanned.
// tests/test_css.py checks the result: built from these inputs, and no class the pages use missing.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PurgeCSS } from "purgecss";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const crispy = process.argv[2];
if (!crispy) throw new Error("usage: node build.mjs CRISPY_BOOTSTRAP5_DIR (make css passes it)");

const source = join(root, "static/vendor/bootstrap/bootstrap.min.css");
// A second argument writes elsewhere (tests/test_css.py compares a fresh build with the file).
const output = process.argv[3] || join(root, "static/css/bootstrap-used.css");
// What decides the output besides the pages themselves; tests/test_css.py recomputes this.
const inputs = [source, join(here, "build.mjs"), join(here, "package-lock.json")];
const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const inputsHash = sha256(inputs.map((file) => sha256(readFileSync(file)) + "\n").join(""));

const crispyTemplates = join(crispy, "templates/bootstrap5");
const [result] = await new PurgeCSS().purge({
  css: [source],
  content: [
    join(root, "templates/**/*.html"),
    join(root, "static/js/**/*.js"),
    join(root, "*/forms.py"),
    // The crispy templates a form of plain fields, rows, divs and a submit button goes through.
    ...["uni_form.html", "whole_uni_form.html", "field.html", "errors.html", "inputs.html"].map(
      (name) => join(crispyTemplates, name),
    ),
    ...["baseinput.html", "div.html", "row.html", "column.html", "help_text.html",
      "help_text_and_errors.html", "field_errors.html", "field_errors_block.html", "attrs.html",
      "radio_checkbox_select.html"].map((name) => join(crispyTemplates, "layout", name)),
  ],
  skippedContentGlobs: [join(root, "templates/admin/**"), join(root, "templates/emails/**")],
  // base.html writes `alert-{{ message.tags }}`: the message levels the site uses.
  safelist: ["alert-success", "alert-info", "alert-warning", "alert-danger"],
  variables: true,
  keyframes: true,
  fontFace: true,
});
const header =
  "/*! Bootstrap's rules that Firmamos's public pages use: built by `make css` (css/build.mjs) " +
  `from static/vendor/bootstrap/bootstrap.min.css; do not edit. inputs sha256 ${inputsHash} */\n`;
// @charset must come first in the file to count.
const charset = '@charset "UTF-8";';
const css = result.css.trim();
const body = css.startsWith(charset) ? css.slice(charset.length) : css;
writeFileSync(output, (css.startsWith(charset) ? charset + "\n" : "") + header + body + "\n");
console.log(`${output}: ${Buffer.byteLength(result.css)} bytes`);
