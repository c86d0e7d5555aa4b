// How acme.sh 3.1.3's HTTP-API plugins hand a credential to the server's
// processes, read from the plugins themselves: they set it as a header
// (`_H2="Authorization: Bearer $TOKEN"`), a form body or an HMAC key, and
// acme.sh's _post/_get pass those to curl/wget/openssl as arguments, which
// every local user can read in `ps` while the request runs.
export const acmeShHeader = (variable: string) =>
  `acme.sh passes ${variable} to curl as a command-line header (-H), readable in the server's process list while a request runs`;
export const acmeShBody = (variable: string) =>
  `acme.sh passes ${variable} to curl as command-line form data (--data), readable in the server's process list while a request runs`;
export const acmeShHmac = (variable: string) =>
  `acme.sh signs requests with openssl, passing ${variable} (hex-encoded) as a command-line key, readable in the server's process list while it runs`;
