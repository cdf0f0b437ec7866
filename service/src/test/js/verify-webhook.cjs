// Verifies one webhook delivery with the Standard Webhooks reference library, as a receiver would.
// Input (stdin): {"secret", "headers": {...}, "body"}. Output: "verified" (exit 0) or the library's error (exit 1).
const { Webhook } = require('standardwebhooks');
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const { secret, headers, body } = JSON.parse(input);
  try {
    new Webhook(secret).verify(body, headers);
    process.stdout.write('verified');
  } catch (e) {
    process.stdout.write(e.name + ': ' + e.message);
    process.exitCode = 1;
  }
});
