package dev.outcrop.profile;

/** The two kinds of inference profile, with their wire names. */
public enum InferenceProfileType {
    /** A cross-region profile defined by the catalog. */
    SYSTEM_DEFINED,
    /** A profile created by a user from a foundation model or a system-defined profile. */
    APPLICATION
}
