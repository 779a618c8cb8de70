/* The site's JavaScript: only the Bootstrap Italia components the templates use.
   The theme's whole bundle is 1 MB and runs ~40 components' set-up on every page;
   the templates need two (frontend/build.mjs bundles this file into static/dist/site.js):
   - NavBarCollapsible: the header's menu button on phones (data-bs-toggle="navbarcollapsible");
   - Input: moves a form field's label out of the field once it holds text (crispy forms).
   Importing init shows focus rings to keyboard users only (Bootstrap Italia's TrackFocus). */
import "bootstrap-italia/dist/plugins/init.js";
import NavBarCollapsible from "bootstrap-italia/dist/plugins/navbar-collapsible.js";
import Input from "bootstrap-italia/dist/plugins/input.js";

// The package declares these modules free of side effects: without a use, the bundler would
// drop their data-API set-up along with them.
window.bootstrap = { NavBarCollapsible, Input };
