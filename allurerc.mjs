// Allure 3 configuration for `twinrig report` (which sets the TWINRIG_ALLURE_* variables).
// One self-contained HTML file (singleFile), the history of earlier runs kept in a JSONL file,
// and the categories that `twinrig run` / behave wrote into the results folder.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const results = process.env.TWINRIG_ALLURE_RESULTS ?? "out/allure-results";
const categories = join(results, "categories.json");

export default {
  name: process.env.TWINRIG_ALLURE_NAME ?? "twinrig conformance",
  output: process.env.TWINRIG_ALLURE_REPORT ?? "out/allure-report",
  historyPath: process.env.TWINRIG_ALLURE_HISTORY ?? "out/allure-history.jsonl",
  categories: existsSync(categories) ? JSON.parse(readFileSync(categories, "utf8")) : undefined,
  plugins: {
    awesome: {
      options: {
        singleFile: true,
        reportLanguage: "en",
        groupBy: ["epic", "feature"],
      },
    },
  },
};
