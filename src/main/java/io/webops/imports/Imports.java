package io.webops.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.nodes.NodeTypes;
import java.util.Map;

/** The import formats, by the name the API takes. */
public final class Imports {

    public static final String FORMATS = "n8n, node-red or webops";

    private Imports() {
    }

    /**
     * The document as a draft, its nodes given the caller's credentials by kind ({@link CredentialChoice}).
     *
     * @throws ImportException for an unknown format, a missing document or one not of its format
     */
    public static Imported convert(String format, JsonNode document, Map<String, String> credentials, NodeTypes types) {
        return CredentialChoice.apply(convert(format, document), credentials, types);
    }

    static Imported convert(String format, JsonNode document) {
        if (format == null) {
            throw new ImportException("format is required: " + FORMATS);
        }
        if (document == null || document.isNull() || document.isMissingNode()) {
            throw new ImportException("document is required: the exported " + format + " workflow as JSON");
        }
        return switch (format) {
            case "n8n" -> N8nImport.convert(document);
            case "node-red" -> NodeRedImport.convert(document);
            case "webops" -> WebopsImport.convert(document);
            default -> throw new ImportException("format '" + format + "' is unknown; use " + FORMATS);
        };
    }
}
