package dev.outcrop.cdk;

/** The geographies of Bedrock's system-defined inference profiles; the prefix starts the profile id. */
public enum CrossRegionInferenceProfileRegion {
    US("us"), EU("eu"), APAC("apac"), AU("au"), JP("jp"), CA("ca"), US_GOV("us-gov"), GLOBAL("global");

    private final String prefix;

    CrossRegionInferenceProfileRegion(String prefix) {
        this.prefix = prefix;
    }

    public String getPrefix() {
        return prefix;
    }
}
