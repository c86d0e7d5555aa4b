# Written by mailsetup: reads one DNS reply as `od -An -v -tu1` prints it
# (its bytes as decimal numbers) and prints the answers of type `want`, one
# a line: A as 10.0.0.1, AAAA as eight 4-digit groups, MX as "10 host",
# TXT as its strings joined, PTR as the name. Exit 2 when the server did not
# answer the question (SERVFAIL, REFUSED, a short reply); NXDOMAIN prints
# nothing. mawk has no bit operators, so flags are taken apart by arithmetic.
{ for (f = 1; f <= NF; f++) b[n++] = $f + 0 }

# A byte as a character; anything but printable ASCII becomes "?".
function chr(v) { return (v >= 32 && v <= 126) ? sprintf("%c", v) : "?" }

# The end of the (possibly compressed) name that starts at p.
function skip(p) {
  while (p < n && b[p] != 0) { if (b[p] >= 192) return p + 2; p += b[p] + 1 }
  return p + 1
}

# The name at p, following compression pointers, lower case, no final dot.
function name(p,   out, len, j, hops) {
  out = ""
  while (p < n && (len = b[p]) != 0) {
    if (len >= 192) { if (++hops > 30) break; p = (len - 192) * 256 + b[p + 1]; continue }
    for (j = 1; j <= len; j++) out = out chr(b[p + j])
    out = out "."; p += len + 1
  }
  return tolower(substr(out, 1, length(out) - 1))
}

function value(type, p, len,   out, j, end, l) {
  if (type == 1) return b[p] "." b[p + 1] "." b[p + 2] "." b[p + 3]
  if (type == 28) {
    for (j = 0; j < 16; j += 2) out = out (j ? ":" : "") sprintf("%04x", b[p + j] * 256 + b[p + j + 1])
    return out
  }
  if (type == 15) return (b[p] * 256 + b[p + 1]) " " name(p + 2)
  if (type == 12) return name(p)
  # TXT: character-strings, each a length byte and its text
  for (end = p + len; p < end; p += l + 1) { l = b[p]; for (j = 1; j <= l; j++) out = out chr(b[p + j]) }
  return out
}

END {
  if (n < 12) exit 2
  rcode = b[3] % 16
  if (rcode == 3) exit 0
  if (rcode != 0 || int(b[2] / 2) % 2 == 1) exit 2   # an error, or truncated
  p = skip(12) + 4                                    # the one question
  count = b[6] * 256 + b[7]
  for (k = 0; k < count && p < n; k++) {
    p = skip(p)
    type = b[p] * 256 + b[p + 1]; len = b[p + 8] * 256 + b[p + 9]; p += 10
    if (type == want) print value(type, p, len)
    p += len
  }
}
