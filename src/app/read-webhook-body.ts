// The webhook body, read before anything parses or verifies it, and bounded: an
// unsigned POST of any size could otherwise make the server buffer all of it (a
// 300 MB body took 3.8 GiB) before the signature check refuses it.
import type { IncomingMessage, ServerResponse } from "node:http";
import getRawBody from "raw-body";

/** GitHub caps webhook payloads at 25 MB and sends none larger (docs: "Webhook payload cap"). */
export const WEBHOOK_MAX_BODY_BYTES = 25 * 1024 * 1024;

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * Reads the body into `req.body` (a string, which Probot's webhook middleware then uses as it
 * is) and returns true; or answers the request itself and returns false: 413 when the declared
 * Content-Length is over the limit (nothing read) or the streamed bytes pass it (reading stops
 * there), 400 when the body ends short of its Content-Length. The connection is then closed so
 * the rest of a large body is never received.
 */
export async function readWebhookBody(params: {
  req: IncomingMessage;
  res: ServerResponse;
  maxBytes: number;
}): Promise<boolean> {
  const { req, res, maxBytes } = params;
  try {
    const raw = await getRawBody(req, { limit: maxBytes, length: req.headers["content-length"] ?? null });
    (req as IncomingMessage & { body?: string }).body = decoder.decode(raw);
    return true;
  } catch (err) {
    const { type } = err as { type?: string };
    if (type === "request.aborted" || req.destroyed) {
      req.destroy();
      return false;
    }
    const [status, message] =
      type === "entity.too.large"
        ? [413, `webhook body larger than ${maxBytes} bytes: refused\n`]
        : [400, "webhook body could not be read\n"];
    res.once("finish", () => req.destroy());
    res.writeHead(status, { "content-type": "text/plain", connection: "close" }).end(message);
    return false;
  }
}
