package dev.outcrop.server.http;

import java.util.Map;

/**
 * Where a handler writes its answer: one full response, or a stream of body parts. Exactly one of
 * {@link #send} or {@link #startStream} is called per request.
 */
public interface ResponseChannel {

    /** Sends a complete response. */
    void send(int status, Map<String, String> headers, byte[] body);

    /** Sends the status and headers and returns the writer of the body, flushed part by part. */
    StreamWriter startStream(int status, Map<String, String> headers);

    /** Writes the body of a streamed response. */
    interface StreamWriter {
        /**
         * Writes and flushes one part; blocks while the peer reads slower than the stream is produced.
         *
         * @throws ClientGoneException when the peer has gone away
         */
        void write(byte[] part);

        /** Ends the body cleanly. */
        void end();

        /** Whether the peer is still there. */
        boolean isOpen();
    }

    /** The peer closed the connection or reset the stream while the body was being written. */
    final class ClientGoneException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public ClientGoneException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
