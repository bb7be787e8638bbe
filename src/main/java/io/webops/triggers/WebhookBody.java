package io.webops.triggers;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.nio.ByteBuffer;

/**
 * Reads a webhook's request body from Vert.x within the webhook's own limit: platform-http leaves it unread on the
 * trigger route ({@code useBodyHandler=false}) so that each webhook applies its {@code max_body_bytes} rather than
 * the port's one limit. As Vert.x's body handler does: a larger announced Content-Length is refused before anything
 * is read, a chunked body as soon as it passes the limit (the rest is read and dropped); the body is read into one
 * buffer sized from Content-Length and handed on as a view of it, never copied.
 */
final class WebhookBody {

    /** The body is larger than the webhook's limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private final long limit;
    private final Promise<ByteBuffer> read = Promise.promise();
    private Buffer body;

    private WebhookBody(long limit, long announced) {
        this.limit = limit;
        this.body = Buffer.buffer(announced > 0 ? (int) Math.min(announced, Integer.MAX_VALUE - 8) : 1024);
    }

    /** The body as a view of a heap array, or {@link TooLarge}; completes on the request's event loop. */
    static Future<ByteBuffer> read(HttpServerRequest request, long limit) {
        long announced = contentLength(request);
        WebhookBody reader = new WebhookBody(limit, announced > limit ? 0 : announced);
        request.handler(reader::chunk);
        request.endHandler(end -> reader.end());
        request.exceptionHandler(reader.read::tryFail);
        if (announced > limit) {
            reader.refuse(); // at once; what the sender still sends is read and dropped, so that it gets the answer
        } else if (request.version() != HttpVersion.HTTP_1_0 && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue(); // curl waits a second for it before it sends a body over 1 MB
        }
        request.resume();
        return reader.read.future();
    }

    private void refuse() {
        body = null;
        read.tryFail(new TooLarge());
    }

    private void chunk(Buffer chunk) {
        if (body == null) {
            return; // refused already: what still arrives is dropped
        }
        if (body.length() + (long) chunk.length() > limit) {
            refuse();
            return;
        }
        body.appendBuffer(chunk);
    }

    private void end() {
        if (body != null) {
            ByteBuffer view = body.getByteBuf().nioBuffer();
            read.tryComplete(view.hasArray() ? view : ByteBuffer.wrap(body.getBytes()));
        }
    }

    /** The announced length, or -1 when the body comes in chunks (or the header makes no sense). */
    private static long contentLength(HttpServerRequest request) {
        String header = request.getHeader("Content-Length");
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
