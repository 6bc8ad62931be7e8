package dev.outcrop.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.Deployments;
import dev.outcrop.invoke.ModelProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentTableTest {
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";

    private static final ModelProvider REAL = idleProvider();
    private static final ModelProvider SIMULATOR = idleProvider();

    /** A provider that is only told apart from others, never called. */
    private static ModelProvider idleProvider() {
        return new ModelProvider() {
            @Override
            public void converse(Deployment deployment, ChatRequest request, ChatEventSink sink) { }
        };
    }

    private static final Deployments EVERYTHING_SIMULATED = (model, region) -> Optional.of(new Deployments.Bound(
            deployment(model, region, "simulator"), SIMULATOR));

    private static Deployment deployment(String model, String region, String provider) {
        return new Deployment(model, region, provider, provider.equals("openai") ? URI.create("http://127.0.0.1:8000/v1") : null,
                model, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    @Test
    void aRegionOfAConfiguredModelThatNoDeploymentNamesHasNoDeployment() {
        Deployments table = DeploymentTable.builder(EVERYTHING_SIMULATED)
                .add(deployment(LLAMA, "us-east-1", "openai"), REAL).build();

        assertThat(table.find(LLAMA, "us-east-1")).map(Deployments.Bound::provider).contains(REAL);
        assertThat(table.find(LLAMA, "us-east-2")).isEmpty();
    }

    @Test
    void aModelNoDeploymentNamesStaysWithTheFallback() {
        Deployments table = DeploymentTable.builder(EVERYTHING_SIMULATED)
                .add(deployment(LLAMA, "us-east-1", "openai"), REAL).build();

        assertThat(table.find("amazon.nova-lite-v1:0", "us-east-2")).map(Deployments.Bound::provider).contains(SIMULATOR);
    }

    @Test
    void aRegionOfAConfiguredModelIsSimulatedWhenADeploymentNamesTheSimulator() {
        Deployments table = DeploymentTable.builder(EVERYTHING_SIMULATED)
                .add(deployment(LLAMA, "us-east-1", "openai"), REAL)
                .add(deployment(LLAMA, "us-east-2", "simulator"), SIMULATOR).build();

        assertThat(table.find(LLAMA, "us-east-2")).map(Deployments.Bound::provider).contains(SIMULATOR);
    }
}
