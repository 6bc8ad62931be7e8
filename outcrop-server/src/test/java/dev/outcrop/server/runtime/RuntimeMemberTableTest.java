package dev.outcrop.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.server.smithy.Member;
import dev.outcrop.server.smithy.Shape;
import dev.outcrop.server.smithy.SmithyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The member table of docs/runtime.md ("Every input member") against the runtime model Outcrop serves: every
 * input member of every served runtime operation, through structures, unions, lists and maps, must be listed
 * (a row {@code a.b.*} lists {@code a.b} and everything under it), and every row must name a member that
 * exists. A new member in the model fails here until someone decides what Outcrop does with it.
 */
class RuntimeMemberTableTest {
    private static final List<String> SERVED = List.of("Converse", "ConverseStream", "InvokeModel",
            "InvokeModelWithResponseStream", "CountTokens");
    /** CountTokens' Converse input is read as Converse's members are; the table lists them once. */
    private static final String COUNT_TOKENS_CONVERSE = "input.converse.";
    private static final Path DOC = Path.of("..", "docs", "runtime.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|");

    private static Set<String> memberPaths() {
        SmithyModel model = SmithyModel.bedrock();
        Set<String> paths = new LinkedHashSet<>();
        for (String name : SERVED) {
            String input = model.operation(name).orElseThrow().input();
            for (String path : leaves(model, input, "", new HashSet<>())) {
                paths.add(path.startsWith(COUNT_TOKENS_CONVERSE) ? path.substring(COUNT_TOKENS_CONVERSE.length()) : path);
            }
        }
        return paths;
    }

    /** The paths of the members under {@code shapeId} that hold values (scalars, documents, empty structures). */
    private static List<String> leaves(SmithyModel model, String shapeId, String path, Set<String> visiting) {
        Shape shape = model.shape(shapeId);
        List<String> out = new ArrayList<>();
        switch (shape) {
            case Shape.Aggregate aggregate -> {
                if (aggregate.members().isEmpty() || !visiting.add(shapeId)) {
                    out.add(path); // an empty structure ({"any": {}}), or where a recursive shape comes round again
                    return out;
                }
                for (Member member : aggregate.members().values()) {
                    out.addAll(leaves(model, member.target(), path.isEmpty() ? member.name() : path + "." + member.name(),
                            visiting));
                }
                visiting.remove(shapeId);
            }
            case Shape.ListShape list -> out.addAll(leaves(model, list.member().target(), path + "[]", visiting));
            case Shape.MapShape map -> out.addAll(leaves(model, map.value().target(), path + "{}", visiting));
            case Shape.Simple simple -> out.add(path);
        }
        return out;
    }

    private static List<String> rows() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf("## Every input member");
        assertThat(start).as("docs/runtime.md has a section '## Every input member'").isNotNegative();
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                rows.add(row.group(1));
            }
        }
        return rows;
    }

    private static boolean covers(String row, String path) {
        if (!row.endsWith(".*")) {
            return row.equals(path);
        }
        String prefix = row.substring(0, row.length() - 2);
        return path.equals(prefix) || path.startsWith(prefix)
                && ".[{".indexOf(path.charAt(prefix.length())) >= 0;
    }

    @Test
    void everyInputMemberOfEveryServedOperationIsInTheMemberTable() throws IOException {
        List<String> rows = rows();
        List<String> unlisted = memberPaths().stream().filter(p -> rows.stream().noneMatch(r -> covers(r, p))).toList();

        assertThat(unlisted).as("members missing from the table in docs/runtime.md").isEmpty();
    }

    @Test
    void everyRowOfTheMemberTableNamesAMemberOfTheModel() throws IOException {
        Set<String> paths = memberPaths();
        List<String> unknown = rows().stream().filter(r -> paths.stream().noneMatch(p -> covers(r, p))).toList();

        assertThat(unknown).as("rows of docs/runtime.md naming no member").isEmpty();
    }
}
