package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading the YAML configuration. */
class ConfigLoaderTest {

    @Test
    void anEmptyFileMeansEveryDefault() {
        OutcropConfig config = ConfigLoader.parse("", "test");

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.account().id()).isEqualTo("123456789012");
        assertThat(config.account().defaultRegion()).isEqualTo("us-east-1");
        assertThat(config.store().dataDir()).isEqualTo(Path.of("outcrop-data"));
        assertThat(config.usage().ledgerDurability()).isEqualTo(dev.outcrop.store.Durability.DISK);
    }

    @Test
    void theLedgerMayTrustTheOperatingSystemAndNothingElse() {
        assertThat(ConfigLoader.parse("usage: {durability: os}\n", "test").usage().ledgerDurability())
                .isEqualTo(dev.outcrop.store.Durability.OS);
        assertThatThrownBy(() -> ConfigLoader.parse("usage: {durability: memory}\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("usage.durability: 'memory' (expected: disk or os)");
    }

    @Test
    void theLedgersGroupCommitDelayIsSetInMicrosecondsAndChecked() {
        assertThat(ConfigLoader.parse("", "test").usage().groupCommit()).isEqualTo(dev.outcrop.store.GroupCommit.DEFAULT);
        assertThat(ConfigLoader.parse("usage: {commitDelayMicros: 0}\n", "test").usage().groupCommit().delay())
                .isZero();
        assertThat(ConfigLoader.parse("usage: {commitDelayMicros: 1500, commitDelayMinBatch: 8}\n", "test").usage()
                .groupCommit()).isEqualTo(new dev.outcrop.store.GroupCommit(java.time.Duration.ofNanos(1_500_000), 8));
        assertThatThrownBy(() -> ConfigLoader.parse("usage: {commitDelayMicros: -5, commitDelayMinBatch: 0}\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("usage.commitDelayMicros: -5 (expected: 0..1000000)")
                .hasMessageContaining("usage.commitDelayMinBatch: 0 (expected: 1 or more)");
    }

    @Test
    void everyDefaultCanBeOverridden() {
        OutcropConfig config = ConfigLoader.parse("""
                server: {host: 0.0.0.0, port: 9000, ioThreads: 2, callThreads: shared}
                account: {id: "210987654321", partition: aws-us-gov, defaultRegion: us-gov-west-1}
                store: {dataDir: /var/lib/outcrop}
                """, "test");

        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.server().port()).isEqualTo(9000);
        assertThat(config.server().ioThreads()).isEqualTo(2);
        assertThat(config.server().callsOnEventLoops()).isFalse();
        assertThat(ConfigLoader.parse("server: {port: 9000}\n", "test").server().callsOnEventLoops()).isTrue();
        assertThat(config.account().id()).isEqualTo("210987654321");
        assertThat(config.account().partitionName()).isEqualTo("aws-us-gov");
        assertThat(config.store().dataDir()).isEqualTo(Path.of("/var/lib/outcrop"));
    }

    @Test
    void anUnknownKeyFailsWithItsPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("server:\n  prot: 80\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.prot: unknown key (expected one of: callThreads, host, ioThreads, limits, port)");
    }

    @Test
    void theServersLimitsAreReadWithTheirDefaultsForWhatIsLeftOut() {
        OutcropConfig config = ConfigLoader.parse("server:\n  limits: {maxConcurrentStreams: 64, maxBufferedBytes: 1048576,"
                + " headerTimeoutMs: 5000}\n", "test");

        dev.outcrop.server.http.ServerLimits limits = config.server().limits().serverLimits();
        assertThat(limits.maxConcurrentStreams()).isEqualTo(64);
        assertThat(limits.maxBufferedBytes()).isEqualTo(1_048_576);
        assertThat(limits.maxConnectionBufferedBytes()).isEqualTo(2L * 26 * 1024 * 1024);
        assertThat(limits.headerTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(limits.bodyTimeout()).isEqualTo(java.time.Duration.ofSeconds(120));
        assertThat(ConfigLoader.parse("server: {port: 9000}\n", "test").server().limits().serverLimits().maxBufferedBytes())
                .isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    void aServerLimitThatIsNotPositiveFailsWithItsPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("server:\n  limits: {maxConcurrentStreams: 0, bodyTimeoutMs: -1}\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.limits.maxConcurrentStreams: 0 (expected: 1..100000)")
                .hasMessageContaining("server.limits.bodyTimeoutMs: -1 (expected: a positive number of ms)");
    }

    @Test
    void aValueOfTheWrongTypeFailsWithItsPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("server:\n  port: eighty\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port:");
    }

    @Test
    void everyBadValueIsReportedWithItsPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("server: {port: 70000, callThreads: loops}\n"
                + "account: {id: '12', defaultRegion: Mars}\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port: 70000 (expected: 0..65535")
                .hasMessageContaining("server.callThreads: 'loops' (expected: eventLoops or shared)")
                .hasMessageContaining("account.id: '12' (expected: 12 digits)")
                .hasMessageContaining("account.defaultRegion: 'Mars'");
    }

    @Test
    void unknownKeysBadValuesAndCatalogMistakesAreReportedTogether() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                server: {prot: 80, port: 70000}
                simulatr: {seed: 1}
                deployments:
                  - model: meta.llama3-1-8b-instruct-v1:0
                    regions: [eu-north-1]
                    url: http://127.0.0.1:8000/v1
                    remote: x
                """, "test"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "server.prot: unknown key (expected one of: callThreads, host, ioThreads, limits, port)",
                        "simulatr: unknown key (expected one of: account, auth, bedrock, deployments, "
                                + "profileConfigurations, promptRouters, routing, server, simulator, store, usage)",
                        "deployments[0].remote: unknown key (expected one of: apiKeyEnv, continueFinalMessage, "
                                + "firstByteTimeoutMs, maxConcurrency, model, provider, regions, remoteModel, timeoutMs, "
                                + "tokensPerMinute, url)",
                        "server.port: 70000 (expected: 0..65535, 0 picks a free port)",
                        "deployments[0].regions: meta.llama3-1-8b-instruct-v1:0 does not run in eu-north-1 in the catalog "
                                + "(it runs in us-east-1, us-east-2, us-west-2)"));
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/outcrop.yaml"), java.util.Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/nonexistent/outcrop.yaml: no such file");
    }

    @Test
    void withReplacesTheSectionOfItsTypeWhereverItIsAndKeepsTheRest() {
        OutcropConfig config = ConfigLoader.parse("server: {port: 9000}\nrouting: {maxAttempts: 2}\n", "test");
        LimitsConfig limits = new LimitsConfig(null, 1024L * 1024, null, null, null);
        AuthConfig anonymous = AuthConfig.ANONYMOUS;

        OutcropConfig changed = config.with(limits).with(anonymous);

        assertThat(changed.server().limits()).isEqualTo(limits);
        assertThat(changed.server().port()).isEqualTo(9000);
        assertThat(changed.auth()).isEqualTo(anonymous);
        assertThat(changed.routing()).isEqualTo(config.routing());
        assertThat(changed.store()).isEqualTo(config.store());
        assertThat(config.server().limits()).isEqualTo(LimitsConfig.DEFAULT);
    }

    @Test
    void withRefusesARecordThatIsNoSectionOfTheTree() {
        assertThatThrownBy(() -> OutcropConfig.defaults().with(new ConfigSection("x", AuthConfig.class,
                java.util.List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no sections of type ConfigSection");
    }
}
