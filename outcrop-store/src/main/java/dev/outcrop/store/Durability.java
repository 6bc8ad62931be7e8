package dev.outcrop.store;

/** When the ledger counts a usage record as kept: the moment a call's answer may be released. */
public enum Durability {
    /** Synced to disk ({@code synchronous=FULL}): the record survives a power cut. */
    DISK,
    /**
     * Written to the operating system ({@code synchronous=NORMAL} in WAL mode): the record survives Outcrop
     * being killed, but not a power cut or a kernel crash. No disk sync waits on an answer.
     */
    OS
}
