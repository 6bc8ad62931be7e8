package dev.outcrop.util;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Jackson's parse and write buffers, pooled across threads in a fixed array of slots. A thread takes a buffer
 * from the slot its id picks (or one of the next few) with one atomic swap, and puts it back with one
 * compare-and-set; a buffer that finds no free slot is left to the garbage collector, and a thread that finds
 * none takes a new one. Threads that run at the same time mostly pick different slots, so they seldom contend
 * on one memory location, where a shared deque makes every thread contend on its head and allocates a node at
 * each return. The pool holds at most {@link #SLOTS} buffers (some 16 KiB each), however many threads there are.
 *
 * <p>Under load a virtual thread's id picks its slot. {@code scripts/bench jmh JsonBufferPoolBenchmarks} compares
 * it with Jackson's shared deque (docs/benchmarks.md, "Measurements behind the code").
 */
final class StripedBufferPool implements RecyclerPool<BufferRecycler> {
    /** The slots: a power of two, several per core of a typical node. */
    static final int SLOTS = 64;
    private static final int PROBES = 4;
    private static final int SHIFT = Long.numberOfLeadingZeros(SLOTS - 1);
    private static final long serialVersionUID = 1L;

    private final transient AtomicReferenceArray<BufferRecycler> slots = new AtomicReferenceArray<>(SLOTS);

    @Override
    public BufferRecycler acquirePooled() {
        int start = home();
        for (int probe = 0; probe < PROBES; probe++) {
            int slot = (start + probe) & (SLOTS - 1);
            if (slots.getPlain(slot) != null) {
                BufferRecycler taken = slots.getAndSet(slot, null);
                if (taken != null) {
                    return taken;
                }
            }
        }
        return new BufferRecycler();
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        int start = home();
        for (int probe = 0; probe < PROBES; probe++) {
            int slot = (start + probe) & (SLOTS - 1);
            if (slots.getPlain(slot) == null && slots.compareAndSet(slot, null, recycler)) {
                return;
            }
        }
    }

    @Override
    public int pooledCount() {
        int count = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            if (slots.get(slot) != null) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean clear() {
        for (int slot = 0; slot < SLOTS; slot++) {
            slots.set(slot, null);
        }
        return true;
    }

    /** A pool read back from a serialized factory starts empty. */
    private Object readResolve() {
        return new StripedBufferPool();
    }

    /** The first slot the current thread tries: its id, spread over the slots. */
    private static int home() {
        long id = Thread.currentThread().threadId();
        return (int) (id * 0x9E3779B97F4A7C15L >>> SHIFT);
    }
}
