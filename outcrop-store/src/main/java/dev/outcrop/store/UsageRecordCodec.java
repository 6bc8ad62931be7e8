package dev.outcrop.store;

import dev.outcrop.usage.UsageRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A usage record as bytes for the ledger's journal: every field, in the record's order, as a version byte,
 * fixed-width numbers and length-prefixed UTF-8 strings (length -1 for null). Lists and maps are a count,
 * then their strings. Written by the journal's one writer into a buffer it reuses for each batch.
 */
final class UsageRecordCodec {
    private static final byte VERSION = 1;

    private UsageRecordCodec() {}

    /** A growable byte array that records are encoded into, reused from one batch to the next. */
    static final class Output {
        private byte[] bytes = new byte[64 * 1024];
        private int size;

        void reset() {
            size = 0;
        }

        int size() {
            return size;
        }

        byte[] array() {
            return bytes;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void writeInt(int v) {
            ensure(4);
            ByteBuffer.wrap(bytes, size, 4).putInt(v);
            size += 4;
        }

        void writeLong(long v) {
            ensure(8);
            ByteBuffer.wrap(bytes, size, 8).putLong(v);
            size += 8;
        }

        void putInt(int at, int v) {
            ByteBuffer.wrap(bytes, at, 4).putInt(v);
        }

        void writeString(String s) {
            if (s == null) {
                writeInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }
    }

    /** Appends {@code record}'s bytes to {@code out}. */
    static void encode(UsageRecord r, Output out) {
        out.writeByte(VERSION);
        out.writeLong(r.time().getEpochSecond());
        out.writeInt(r.time().getNano());
        out.writeString(r.requestId());
        out.writeString(r.principal());
        out.writeString(r.operation());
        out.writeString(r.modelIdCalled());
        out.writeString(r.targetArn());
        out.writeString(r.applicationProfileArn());
        out.writeString(r.foundationModel());
        out.writeString(r.sourceRegion());
        out.writeInt(r.servedRegions().size());
        r.servedRegions().forEach(out::writeString);
        out.writeLong(r.inputTokens());
        out.writeLong(r.outputTokens());
        out.writeLong(r.cacheReadTokens());
        out.writeLong(r.cacheWriteTokens());
        out.writeLong(r.latencyMillis());
        out.writeLong(r.firstTokenMillis());
        out.writeString(r.outcome());
        out.writeLong(r.costMicros());
        out.writeInt(r.tags().size());
        r.tags().forEach((k, v) -> {
            out.writeString(k);
            out.writeString(v);
        });
    }

    /**
     * The record in {@code in}'s remaining bytes.
     *
     * @throws IllegalArgumentException when they are not a record of a version this codec reads
     */
    static UsageRecord decode(ByteBuffer in) {
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("usage record of unknown version " + version);
            }
            Instant time = Instant.ofEpochSecond(in.getLong(), in.getInt());
            String requestId = string(in);
            String principal = string(in);
            String operation = string(in);
            String modelIdCalled = string(in);
            String targetArn = string(in);
            String applicationProfileArn = string(in);
            String foundationModel = string(in);
            String sourceRegion = string(in);
            int regions = count(in);
            List<String> served = new ArrayList<>(regions);
            for (int i = 0; i < regions; i++) {
                served.add(string(in));
            }
            long inputTokens = in.getLong();
            long outputTokens = in.getLong();
            long cacheRead = in.getLong();
            long cacheWrite = in.getLong();
            long latency = in.getLong();
            long firstToken = in.getLong();
            String outcome = string(in);
            long cost = in.getLong();
            int tagCount = count(in);
            Map<String, String> tags = new LinkedHashMap<>();
            for (int i = 0; i < tagCount; i++) {
                tags.put(string(in), string(in));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after a usage record");
            }
            return new UsageRecord(time, requestId, principal, operation, modelIdCalled, targetArn, applicationProfileArn,
                    foundationModel, sourceRegion, served, inputTokens, outputTokens, cacheRead, cacheWrite, latency,
                    firstToken, outcome, cost, tags);
        } catch (java.nio.BufferUnderflowException | NullPointerException e) {
            throw new IllegalArgumentException("a truncated or malformed usage record", e);
        }
    }

    private static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("a count of " + n + " with " + in.remaining() + " bytes left");
        }
        return n;
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " bytes with " + in.remaining() + " left");
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }
}
