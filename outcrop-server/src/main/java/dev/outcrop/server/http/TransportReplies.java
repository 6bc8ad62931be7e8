package dev.outcrop.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers the transport gives by itself, before a request reaches its handler: in Bedrock's error shape
 * ({@code X-Amzn-ErrorType} and a JSON {@code message}), so that the SDKs read them as they read any error.
 */
final class TransportReplies {
    /** A malformed request: its head, its query or its transfer codings. */
    static final Reply MALFORMED = new Reply(400, "SerializationException", "The HTTP request is malformed.");
    /** A query string with a percent sign that is not followed by two hexadecimal digits. */
    static final Reply MALFORMED_QUERY = new Reply(400, "SerializationException",
            "The query string has a malformed percent-encoding.");
    /** A body larger than any operation takes. */
    static final Reply TOO_LARGE = new Reply(413, "ValidationException",
            "The request body is larger than the " + ServerLimits.MAX_BODY_BYTES + " bytes accepted.");
    /** The bodies buffered would exceed the connection's or the server's budget. */
    static final Reply OVER_BUDGET = new Reply(503, "ServiceUnavailableException",
            "The service is receiving more request data than it can hold at once. Retry the request.");
    /** A head or a body that did not arrive within its deadline. */
    static final Reply TIMED_OUT = new Reply(408, "RequestTimeoutException",
            "The request was not received within the time allowed.");

    private TransportReplies() {}

    /** One answer: its status, error type and message. */
    record Reply(int status, String errorType, String message) {
        /** This answer with another message. */
        Reply saying(String otherMessage) {
            return new Reply(status, errorType, otherMessage);
        }

        /** The headers, the {@code Content-Length} included. */
        Map<String, String> headers(int contentLength) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("X-Amzn-ErrorType", errorType);
            headers.put("Content-Length", Integer.toString(contentLength));
            return headers;
        }

        /** The JSON body. */
        byte[] body() {
            return ("{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        /** Sends this answer on {@code response} (kept in order with the connection's other answers). */
        void sendOn(ResponseChannel response) {
            byte[] body = body();
            Map<String, String> headers = headers(body.length);
            headers.remove("Content-Length");
            response.send(status, headers, body);
        }

        /** Writes this answer on {@code channel} (a connection, or an HTTP/2 stream) and closes it once written ({@link LingeringClose}). */
        void sendAndClose(Channel channel) {
            byte[] body = body();
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
            headers(body.length).forEach(response.headers()::set);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            channel.writeAndFlush(response).addListener(written -> {
                if (written.isSuccess()) {
                    LingeringClose.close(channel);
                } else {
                    channel.close();
                }
            });
        }
    }
}
