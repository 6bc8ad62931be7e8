package dev.outcrop.app;

/**
 * Runs the checks of one client of the conformance stage, each a line of the report: {@code PASS}, {@code FAIL}
 * with what went wrong, or {@code SKIP} where the client has no such operation ({@link UnsupportedOperationException}).
 */
final class ClientChecks {
    /** A check: returns when it holds, throws when it does not. */
    interface Check {
        void run() throws Exception;
    }

    private final String client;
    private final ConformanceReport report;

    ClientChecks(String client, ConformanceReport report) {
        this.client = client;
        this.report = report;
    }

    void check(String check, Check body) {
        try {
            body.run();
            report.pass(client, check);
        } catch (UnsupportedOperationException e) {
            report.skip(client, check + ": " + e.getMessage());
        } catch (Exception | AssertionError e) {
            report.fail(client, check, e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    /** Reports {@code check} as skipped, saying why. */
    void skip(String check, String why) {
        report.skip(client, check + ": " + why);
    }

    static void expect(boolean condition, Object what) {
        if (!condition) {
            throw new AssertionError(String.valueOf(what));
        }
    }
}
