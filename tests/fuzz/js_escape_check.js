// Judge for the js_escape fuzz target and sample test (tests/fuzz/fuzz_js_escape.cpp). Reads
// requests on stdin: u32le length, then that many bytes: a kind letter, u32le length of the
// expected bytes, the expected bytes, and the JavaScript text the C++ side emitted. Answers each
// with u32le length + "" (passed) or why it failed. The text is evaluated only after a lexical check
// (written here independently of the C++ escaper) says it is one literal token: it is never run as
// code.
'use strict';

// One single- or double-quoted string literal (emit quotes as Prettier does) without raw line terminators, or one template literal without
// a substitution (ECMAScript StringLiteral / NoSubstitutionTemplate).
const SINGLE = /^'(?:[^'\\\n\r\u2028\u2029]|\\[^\n\r\u2028\u2029])*'$|^"(?:[^"\\\n\r\u2028\u2029]|\\[^\n\r\u2028\u2029])*"$/u;
const TEMPLATE = /^`(?:[^`\\$]|\\[\s\S]|\$(?!\{))*`$/u;
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/u;

function literalValue(text, pattern) {
  if (!pattern.test(text)) return { why: 'not a single literal token' };
  const value = (0, eval)(text);
  if (typeof value !== 'string') return { why: 'not a string' };
  return { value };
}

function judge(kind, expected, text) {
  const want = expected.toString('utf8');
  let r;
  switch (kind) {
    case 'S': r = literalValue(text, SINGLE); break;
    case 'T': r = literalValue(text, TEMPLATE); break;
    case 'K':
      if (want === '__proto__') return '';  // emit never uses js_key for it (see README)
      r = IDENT.test(text) ? { value: text } : literalValue(text, SINGLE);
      if (r.value !== undefined) {
        const keys = Object.keys((0, eval)('({' + text + ': 1})'));
        if (keys.length !== 1 || keys[0] !== want) return 'key ' + JSON.stringify(keys) + ' from ' + text;
      }
      break;
    case 'C':
      if (LINE_TERMINATOR.test(text)) return 'a line terminator in a comment: ' + JSON.stringify(text);
      if ((0, eval)('// ' + text + '\n7') !== 7) return 'the comment swallowed code';
      return '';
    default: return 'unknown kind ' + kind;
  }
  if (r.why) return r.why + ': ' + JSON.stringify(text);
  if (!Buffer.from(r.value, 'utf8').equals(expected))
    return 'value ' + JSON.stringify(r.value) + ' != ' + JSON.stringify(want) + ' from ' + text;
  return '';
}

let pending = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  const answers = [];
  while (pending.length >= 4) {
    const n = pending.readUInt32LE(0);
    if (pending.length < 4 + n) break;
    const msg = pending.subarray(4, 4 + n);
    pending = pending.subarray(4 + n);
    const kind = String.fromCharCode(msg[0]);
    const m = msg.readUInt32LE(1);
    const expected = msg.subarray(5, 5 + m);
    const text = msg.subarray(5 + m).toString('utf8');
    let why;
    try {
      why = judge(kind, expected, text);
    } catch (e) {
      why = 'threw ' + e + ' on ' + JSON.stringify(text);
    }
    const body = Buffer.from(why, 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length);
    answers.push(head, body);
  }
  if (answers.length) process.stdout.write(Buffer.concat(answers));
});
