package dev.outcrop.app.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Writes the AWS query protocol's XML answers: {@code <ActionResponse><ActionResult>...}, lists as {@code member}. */
public final class QueryXml {
    private final StringBuilder xml = new StringBuilder();

    /** Opens an element. */
    public QueryXml open(String name) {
        xml.append('<').append(name).append('>');
        return this;
    }

    /** Closes an element. */
    public QueryXml close(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    /** An element with text, left out when the value is null. */
    public QueryXml element(String name, Object value) {
        if (value != null) {
            open(name);
            xml.append(escape(value instanceof Instant at ? at.toString() : value.toString()));
            close(name);
        }
        return this;
    }

    /** The whole answer to {@code action} in a service's namespace, its result written by {@code result}. */
    static byte[] response(String namespace, String action, String requestId,
                           java.util.function.Consumer<QueryXml> result) {
        QueryXml body = new QueryXml();
        body.xml.append("<").append(action).append("Response xmlns=\"").append(namespace).append("\">");
        body.open(action + "Result");
        result.accept(body);
        body.close(action + "Result");
        body.open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata");
        body.close(action + "Response");
        return body.bytes();
    }

    /** The query protocol's error document. */
    static byte[] error(String namespace, boolean senderFault, String code, String message, String requestId) {
        QueryXml body = new QueryXml();
        body.xml.append("<ErrorResponse xmlns=\"").append(namespace).append("\">");
        body.open("Error").element("Type", senderFault ? "Sender" : "Receiver").element("Code", code)
                .element("Message", message).close("Error");
        body.element("RequestId", requestId);
        body.close("ErrorResponse");
        return body.bytes();
    }

    private byte[] bytes() {
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
