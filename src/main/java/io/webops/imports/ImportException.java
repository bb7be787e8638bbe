package io.webops.imports;

/** The document is not of the format it was said to be; the message names what is missing or wrong. */
public final class ImportException extends RuntimeException {

    public ImportException(String message) {
        super(message);
    }
}
