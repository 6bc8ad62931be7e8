package dev.outcrop.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeploymentStateTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Deployment DEPLOYMENT = new Deployment("m", "us-east-1", "test", null, "m",
            Duration.ofSeconds(1), Duration.ofSeconds(1));
    private static final RoutingPolicy POLICY = new RoutingPolicy(3, Duration.ofSeconds(60), 3, Duration.ofSeconds(10),
            Duration.ofSeconds(1), Duration.ofSeconds(4), 0.5, 4.0, Duration.ofMillis(100));

    @Test
    void consecutiveFailuresEjectThenOneProbeDecides() {
        DeploymentState state = new DeploymentState(DEPLOYMENT, Capacity.UNLIMITED, POLICY, 0);
        for (int i = 0; i < 3; i++) {
            assertThat(state.tryAcquire(1, 0, false)).isNull();
            state.stopWaiting(0);
            state.recordFailure(0);
            state.release(1, 0, 0);
        }
        assertThat(state.tryAcquire(1, 5 * SECOND, false)).isEqualTo(DeploymentState.Refusal.EJECTED);

        assertThat(state.tryAcquire(1, 11 * SECOND, false)).as("the probe").isNull();
        assertThat(state.tryAcquire(1, 11 * SECOND, false)).as("a second call while probing").isEqualTo(DeploymentState.Refusal.EJECTED);
        state.stopWaiting(11 * SECOND);
        state.recordSuccess(SECOND / 10);
        state.release(1, 1, 11 * SECOND);
        assertThat(state.tryAcquire(1, 11 * SECOND, false)).isNull();
        assertThat(state.status(11 * SECOND).state()).isEqualTo("healthy");
    }

    @Test
    void aFailedProbeEjectsAgainAtOnce() {
        DeploymentState state = new DeploymentState(DEPLOYMENT, Capacity.UNLIMITED, POLICY, 0);
        for (int i = 0; i < 3; i++) {
            state.recordFailure(0);
        }
        assertThat(state.tryAcquire(1, 11 * SECOND, false)).isNull();
        state.stopWaiting(11 * SECOND);
        state.recordFailure(11 * SECOND);

        assertThat(state.tryAcquire(1, 12 * SECOND, false)).isEqualTo(DeploymentState.Refusal.EJECTED);
        assertThat(state.tryAcquire(1, 22 * SECOND, false)).isNull();
    }

    @Test
    void aDeploymentOutOfServiceIsEjectedAtItsFirstFailureAndProbedBackLater() {
        DeploymentState state = new DeploymentState(DEPLOYMENT, Capacity.UNLIMITED, POLICY, 0);
        assertThat(state.tryAcquire(1, 0, false)).isNull();
        state.stopWaiting(0);
        state.eject(0);
        state.release(1, 0, 0);

        assertThat(state.tryAcquire(1, SECOND, false)).isEqualTo(DeploymentState.Refusal.EJECTED);
        assertThat(state.status(SECOND).state()).isEqualTo("ejected");
        assertThat(state.tryAcquire(1, 11 * SECOND, false)).as("the probe").isNull();
    }

    @Test
    void aThrottleBacksOffAndTheBackoffDoublesUpToItsMaximum() {
        DeploymentState state = new DeploymentState(DEPLOYMENT, Capacity.UNLIMITED, POLICY, 0);
        state.recordThrottle(0);
        assertThat(state.tryAcquire(1, SECOND / 2, false)).isEqualTo(DeploymentState.Refusal.THROTTLED);
        assertThat(state.tryAcquire(1, SECOND, false)).isNull();
        state.recordThrottle(SECOND);
        assertThat(state.tryAcquire(1, 2 * SECOND, false)).isEqualTo(DeploymentState.Refusal.THROTTLED);
        state.recordThrottle(3 * SECOND);
        state.recordThrottle(7 * SECOND);
        assertThat(state.status(7 * SECOND).throttledForMs()).isEqualTo(4000);
    }

    @Test
    void aCallWaitingFarLongerThanUsualForItsFirstTokenStallsTheDeploymentUntilItAnswers() {
        DeploymentState state = new DeploymentState(DEPLOYMENT, Capacity.UNLIMITED, POLICY, 0);
        assertThat(state.tryAcquire(1, 0, false)).isNull();
        state.recordSuccess(SECOND / 20);
        state.stopWaiting(0);
        assertThat(state.tryAcquire(1, SECOND, false)).isNull();

        assertThat(state.tryAcquire(1, SECOND + SECOND / 20, false)).as("50 ms: usual").isNull();
        assertThat(state.tryAcquire(1, SECOND + SECOND / 4, false)).as("250 ms > 4 x 50 ms")
                .isEqualTo(DeploymentState.Refusal.STALLED);
        assertThat(state.tryAcquire(1, SECOND + SECOND / 4, true)).as("when every region stalls").isNull();
        state.stopWaiting(SECOND);
        state.stopWaiting(SECOND + SECOND / 20);
        state.stopWaiting(SECOND + SECOND / 4);
        assertThat(state.tryAcquire(1, 2 * SECOND, false)).isNull();
    }

    @Test
    void concurrencyAndTokensPerMinuteLimitTheCallsInFlight() {
        DeploymentState state = new DeploymentState(DEPLOYMENT, new Capacity(2, 1000), POLICY, 0);
        assertThat(state.tryAcquire(400, 0, false)).isNull();
        assertThat(state.tryAcquire(400, 0, false)).isNull();
        state.stopWaiting(0);
        state.stopWaiting(0);
        assertThat(state.tryAcquire(1, 0, false)).as("third in flight").isEqualTo(DeploymentState.Refusal.FULL);
        state.release(400, 400, 0);
        assertThat(state.tryAcquire(400, 0, false)).as("tokens of the minute").isEqualTo(DeploymentState.Refusal.FULL);
        assertThat(state.tryAcquire(400, 60 * SECOND, false)).as("a minute later").isNull();
    }
}
