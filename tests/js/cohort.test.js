/*
 * assets/cohort.js against the Python on the same inputs: for three cases whose titles are
 * markup, the figure the browser draws for every align and rank holds exactly the strings of the
 * figure Python draws for that view (components/figures/cohort/swimmers.py), so every label and hover
 * text the browser shows went through Python's plain-text rule, and no title arrives as markup.
 * The data and the expected figures come from tests/js/cohort_fixture.py, run here.
 * Run from the repository's root: `node --test tests/js` (PYTHON names the interpreter; by
 * default the project's .venv).
 */
"use strict";

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const test = require("node:test");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..", "..");
const PYTHON = process.env.PYTHON || path.join(ROOT, ".venv", "bin", "python");
const FIXTURE_DEADLINE_MS = 90000;
const NO_UPDATE = "no-update";

function pythonFixture() {
    const run = spawnSync(PYTHON, [path.join(__dirname, "cohort_fixture.py")], {
        cwd: ROOT, env: { ...process.env, PYTHONPATH: path.join(ROOT, "tests") }, encoding: "utf8", timeout: FIXTURE_DEADLINE_MS, maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error || run.status !== 0) {
        throw new Error(`PYTHONPATH=tests ${PYTHON} tests/js/cohort_fixture.py did not write the fixture within ` +
            `${FIXTURE_DEADLINE_MS} ms: ${run.error || run.stderr}`);
    }
    return JSON.parse(run.stdout);
}

/* assets/cohort.js as the page runs it, in a context of its own with Dash's global. */
function cohortModule() {
    const window = { dash_clientside: { no_update: NO_UPDATE } };
    const source = fs.readFileSync(path.join(ROOT, "assets", "cohort.js"), "utf8");
    vm.runInNewContext(source, { window }, { filename: "assets/cohort.js" });
    return window.dash_clientside.cohort;
}

function strings(value, found = []) {
    if (typeof value === "string") {
        found.push(value);
    } else if (value !== null && typeof value === "object") {
        Object.values(value).forEach((item) => strings(item, found));
    }
    return found;
}

const fixture = pythonFixture();
const cohort = cohortModule();

function drawn(align, rank) {
    const answer = cohort.showView(align, rank, "icans", fixture.views, fixture.cases, "");
    assert.notEqual(answer[0], NO_UPDATE, `${align}/${rank}: the browser drew nothing`);
    return JSON.parse(JSON.stringify(answer[0]));  // out of the module's context, as JSON
}

for (const { align, rank, figure } of fixture.expected) {
    test(`${align}, ${rank}: the browser's figure has Python's labels and texts`, () => {
        const browser = drawn(align, rank);
        assert.deepEqual(browser.layout.yaxis2.ticktext, figure.layout.yaxis2.ticktext);
        assert.deepEqual(new Set(strings(browser)), new Set(strings(figure)));
    });
}

test("no title reaches a figure as markup, and each row label shows its words", () => {
    const texts = strings(drawn("infusion", "name"));
    for (const title of Object.values(fixture.titles)) {
        const opening = title.slice(0, title.indexOf(">") + 1);
        assert.ok(!texts.some((t) => t.includes(opening)), `${opening} drawn as markup`);
    }
    assert.deepEqual(drawn("infusion", "name").layout.yaxis2.ticktext, [
        "&lt;a href=\"https://e.io/\"&gt;Log…",
        "&lt;b style=\"font-size:80px\"&gt;B…",
        "Tom &amp; \"Jerry\" &lt;span&gt;",
    ]);
});
