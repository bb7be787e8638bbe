package io.webops;

import java.io.IOException;
import java.io.OutputStream;

/** Writes to two streams: a test keeps what a component logged and still shows it. */
public final class TeeStream extends OutputStream {

    private final OutputStream kept;
    private final OutputStream shown;

    public TeeStream(OutputStream kept, OutputStream shown) {
        this.kept = kept;
        this.shown = shown;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        kept.write(b);
        shown.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        kept.write(b, off, len);
        shown.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        shown.flush();
    }
}
