// A misbehaving upstream for the end-to-end tests: its "token endpoint" answers with a gateway's
// 502 "Proxy Error" page, as a real gateway does when the service behind it is down.
import { createServer } from "node:http";

const port = Number(process.env.STUB_PORT);
createServer((request, response) => {
  if (request.url === "/healthz") {
    response.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    return;
  }
  response.writeHead(502, { "Content-Type": "text/html" }).end("<html><body><h1>Proxy Error</h1></body></html>");
}).listen(port, "127.0.0.1");
