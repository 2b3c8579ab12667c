// Cucumber's own HTML report of a run's Cucumber Messages: node scripts/cucumber-html.mjs MESSAGES.ndjson OUT.html
// (MESSAGES from `twinrig run --messages`, pytest's --cucumber-messages or behave's -D messages=).
import fs from 'node:fs'
import readline from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { CucumberHtmlStream } from '@cucumber/html-formatter'

const [input, output] = process.argv.slice(2)
if (!input || !output) {
  console.error('usage: node scripts/cucumber-html.mjs MESSAGES.ndjson OUT.html')
  process.exit(2)
}

async function* envelopes() {
  let number = 0
  for await (const line of readline.createInterface({ input: fs.createReadStream(input, 'utf-8') })) {
    number += 1
    if (!line.trim()) continue
    try {
      yield JSON.parse(line)
    } catch (error) {
      throw new Error(`${input}:${number}: not a JSON envelope: ${error.message}`)
    }
  }
}

try {
  await pipeline(envelopes, new CucumberHtmlStream(), fs.createWriteStream(output))
} catch (error) {
  fs.rmSync(output, { force: true }) // no half-written report
  console.error(`cucumber-html: ${error.message}`)
  process.exit(1)
}
