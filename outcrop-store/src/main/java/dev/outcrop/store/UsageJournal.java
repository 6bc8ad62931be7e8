package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.usage.UsageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The files of the ledger's journal: segments of framed usage records, appended to by one writer, each batch
 * one write and (with {@link Durability#DISK}) one {@code fdatasync}. A frame is the payload's length (4 bytes),
 * its CRC-32C (4 bytes), then the payload ({@link UsageRecordCodec}); a reader stops at the first frame that is
 * short, zero or whose checksum fails, the tail a crash may leave half written. A segment is deleted once it is
 * sealed (the writer moved on to the next) and every record in it has been made durable in the ledger's table.
 *
 * <p>Segments are made ahead, full size and zero-filled, by a thread of their own (as PostgreSQL makes its WAL
 * segments): a write inside a file's allocated size leaves its size alone, so {@code fdatasync} writes the data
 * and flushes the disk's cache, without the extra synchronous write of the file's inode that a growing file
 * costs at every sync (on this machine's ext4, a third of the sync's CPU).
 *
 * <p>Not thread-safe: the journal's writer thread calls it; {@link Segment#release} may be called from any thread.
 */
final class UsageJournal {
    /** The size past which the writer starts a new segment. */
    static final long SEGMENT_BYTES = 16L * 1024 * 1024;
    private static final String SUFFIX = ".journal";
    /** A payload larger than this is no record of ours: a torn length. */
    private static final int MAX_PAYLOAD = 1 << 20;

    private final Path dir;
    private final Durability durability;
    private final long segmentBytes;
    private final UsageRecordCodec.Output out = new UsageRecordCodec.Output();
    private final CRC32C crc = new CRC32C();
    private final ExecutorService preparer;
    private long nextNumber;
    private Segment current;
    /** The segment to write after the current one, being made by the preparer. */
    private Future<Segment> next;

    /** A segment file and the records in it that the table does not have durably yet. */
    static final class Segment {
        private final Path path;
        private final AtomicInteger unloaded = new AtomicInteger();
        private final AtomicBoolean deleted = new AtomicBoolean();
        private volatile boolean sealed;
        private FileChannel channel;
        private long size;

        private Segment(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        Path path() {
            return path;
        }

        /** One record of this segment went to the table and is not durable there yet. */
        private void hold(int records) {
            unloaded.addAndGet(records);
        }

        /** A record of this segment is durable in the table: the segment goes once it is sealed and has none left. */
        void release() {
            unloaded.decrementAndGet();
            deleteIfDone();
        }

        private void seal() {
            sealed = true;
            deleteIfDone();
        }

        private void deleteIfDone() {
            if (sealed && unloaded.get() == 0 && deleted.compareAndSet(false, true)) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    deleted.set(false); // read again, harmlessly, at the next start
                }
            }
        }

        boolean deleted() {
            return deleted.get();
        }
    }

    /** The journal in {@code dir} (created if missing); segments already there are the {@link #leftovers()}. */
    UsageJournal(Path dir, Durability durability) throws IOException {
        this(dir, durability, SEGMENT_BYTES);
    }

    UsageJournal(Path dir, Durability durability, long segmentBytes) throws IOException {
        this.dir = Files.createDirectories(requireNonNull(dir, "dir"));
        this.durability = requireNonNull(durability, "durability");
        this.segmentBytes = segmentBytes;
        this.nextNumber = leftovers().stream().mapToLong(UsageJournal::number).max().orElse(0) + 1;
        this.preparer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("outcrop-journal-prepare")
                .factory());
    }

    /** The segments in the directory, oldest first: before the first append, those an earlier run left. */
    List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted((a, b) -> Long.compare(number(a), number(b))).toList();
        }
    }

    private static long number(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The records of a segment, up to its first short or damaged frame. */
    static List<UsageRecord> read(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<UsageRecord> records = new ArrayList<>();
        CRC32C check = new CRC32C();
        while (bytes.remaining() >= 8) {
            int length = bytes.getInt();
            int sum = bytes.getInt();
            if (length <= 0 || length > MAX_PAYLOAD || length > bytes.remaining()) {
                break;
            }
            check.reset();
            check.update(bytes.array(), bytes.position(), length);
            if ((int) check.getValue() != sum) {
                break;
            }
            try {
                records.add(UsageRecordCodec.decode(bytes.slice(bytes.position(), length)));
            } catch (IllegalArgumentException e) {
                break;
            }
            bytes.position(bytes.position() + length);
        }
        return records;
    }

    /**
     * Writes {@code records} as one write at the end of the current segment (a new one when there is none or it
     * is full), synced to disk with {@link Durability#DISK}, and holds them in that segment until each is released.
     *
     * @return the segment they are in
     * @throws IOException when they could not be written or synced; the writer then {@link #seal}s the segment
     */
    Segment append(List<UsageRecord> records) throws IOException {
        out.reset();
        for (UsageRecord record : records) {
            int at = out.size();
            out.writeInt(0);
            out.writeInt(0);
            UsageRecordCodec.encode(record, out);
            int length = out.size() - at - 8;
            crc.reset();
            crc.update(out.array(), at + 8, length);
            out.putInt(at, length);
            out.putInt(at + 4, (int) crc.getValue());
        }
        if (current == null || (current.size > 0 && current.size + out.size() > segmentBytes)) {
            seal();
            current = take();
        }
        ByteBuffer buffer = ByteBuffer.wrap(out.array(), 0, out.size());
        while (buffer.hasRemaining()) {
            current.size += current.channel.write(buffer, current.size);
        }
        if (durability == Durability.DISK) {
            current.channel.force(false);
        }
        current.hold(records.size());
        return current;
    }

    /**
     * Seals the current segment: it is deleted once the table has all its records, and the next batch starts a
     * new one. After a failed write its tail may be torn; that batch's records are written again in the next
     * segment, and a record read twice at a restart is kept once (the table keeps one row per request id).
     */
    void seal() {
        if (current != null) {
            try {
                current.channel.close();
            } catch (IOException ignored) {
                // its records are synced or were never acknowledged
            }
            current.channel = null;
            current.seal();
            current = null;
        }
    }

    /** The prepared segment (waiting for it if it is not made yet), and the next one's preparation started. */
    private Segment take() throws IOException {
        if (next == null) {
            next = prepare();
        }
        Segment taken;
        try {
            taken = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while a journal segment was made");
        } catch (ExecutionException e) {
            next = null; // made again at the next try
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        next = prepare();
        return taken;
    }

    private Future<Segment> prepare() {
        long number = nextNumber++;
        return preparer.submit(() -> create(number));
    }

    /** A new segment, zero-filled to its full size and synced with its directory entry before it is used. */
    private Segment create(long number) throws IOException {
        Path path = dir.resolve(String.format("%020d%s", number, SUFFIX));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (long at = 0; at < segmentBytes; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), segmentBytes - at));
                at += channel.write(zeros, at);
            }
            if (durability == Durability.DISK) {
                channel.force(true);
                try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                    directory.force(true); // the new file's name survives a power cut
                } catch (IOException ignored) {
                    // a file system whose directories cannot be synced syncs them with the file
                }
            }
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return new Segment(path, channel);
    }

    /**
     * Seals the current segment, deletes the prepared one that holds no record, and stops the preparer: called by
     * the writer as it stops.
     */
    void close() {
        seal();
        preparer.shutdown();
        if (next != null) {
            try {
                Segment unused = next.get();
                unused.channel.close();
                Files.deleteIfExists(unused.path);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | IOException ignored) {
                // an empty segment left behind is read as empty at the next start, and deleted
            }
            next = null;
        }
    }
}
