package dev.outcrop.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.context.RequestScope;
import dev.outcrop.stack.StackStore;
import dev.outcrop.stacks.template.SsmParameters;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackEngineTest {
    private static final RequestScope SCOPE = new RequestScope("aws", "123456789012", "us-east-1");
    private final InMemoryStackStore store = new InMemoryStackStore();
    private final RecordingProvider boxes = new RecordingProvider();
    private final StackEngine engine = new StackEngine(store,
            new ResourceProviders(List.of(boxes, new CdkMetadataProvider())), SsmParameters.builtIn(),
            Clock.systemUTC());

    private static final String TWO_BOXES = """
            Parameters: {Second: {Type: String, Default: two}}
            Resources:
              B: {Type: Test::Thing::Box, Properties: {Value: !Sub "${A}+${Second}"}}
              A: {Type: Test::Thing::Box, Properties: {Value: one}}
            Outputs:
              BArn: {Value: !GetAtt B.Arn, Export: {Name: !Sub "${AWS::StackName}-b"}}
            """;

    private StackStore.StoredStack deploy(String name, String body, Map<String, String> parameters) {
        return engine.deploy(new StackEngine.DeployRequest(SCOPE, name, body, parameters, false, StackAuthority.operator()));
    }

    @Test
    void createAppliesResourcesInDependencyOrderAndPublishesOutputs() {
        StackStore.StoredStack stack = deploy("demo", TWO_BOXES, Map.of());
        assertThat(stack.status()).isEqualTo("CREATE_COMPLETE");
        assertThat(boxes.log).containsExactly("create A-1", "create B-2");
        assertThat(boxes.boxes).containsEntry("B-2", "A-1+two");
        assertThat(stack.outputsJson()).contains("arn:box:B-2");
        assertThat(store.exportValue("123456789012", "us-east-1", "demo-b")).contains("arn:box:B-2");
        assertThat(engine.events(SCOPE, "demo").getFirst().status()).isEqualTo("CREATE_COMPLETE");
    }

    @Test
    void anOutputLongerThan4096BytesFailsTheStackAndRollsBack() {
        StackStore.StoredStack stack = deploy("demo", """
                Parameters: {Long: {Type: String, Default: %s}}
                Resources:
                  A: {Type: Test::Thing::Box, Properties: {Value: one}}
                Outputs:
                  Twice: {Value: !Join ["", [!Ref Long, !Ref Long]]}
                """.formatted("x".repeat(3000)), Map.of());
        assertThat(stack.status()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(stack.statusReason()).contains("the output's value is longer than 4096 bytes (at Outputs.Twice.Value)");
    }

    @Test
    void aFailedCreateRollsBackWhatItCreated() {
        StackStore.StoredStack failed = deploy("other", TWO_BOXES.replace("Value: one", "Value: fail"), Map.of());
        assertThat(failed.status()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(failed.statusReason()).contains("the box refuses 'fail'");
        assertThat(engine.events(SCOPE, "other")).anyMatch(e -> e.logicalId().equals("A")
                && e.status().equals("CREATE_FAILED"));
    }

    @Test
    void aStackInRollbackCompleteCannotBeUpdated() {
        deploy("demo", TWO_BOXES.replace("Value: one", "Value: fail"), Map.of());
        assertThatThrownBy(() -> deploy("demo", TWO_BOXES, Map.of()))
                .hasMessageContaining("is in ROLLBACK_COMPLETE state and can not be updated.");
    }

    @Test
    void anUpdateModifiesInPlaceReplacesAddsAndRemoves() {
        deploy("demo", TWO_BOXES, Map.of());
        StackStore.StoredStack updated = deploy("demo", """
                Resources:
                  A: {Type: Test::Thing::Box, Properties: {Value: uno}}
                  C: {Type: Test::Thing::Box, Properties: {Name: renamed, Value: !Ref A}}
                """, Map.of());
        assertThat(updated.status()).isEqualTo("UPDATE_COMPLETE");
        assertThat(boxes.log).containsExactly("create A-1", "create B-2", "update A-1", "create renamed-3",
                "delete B-2");
        assertThat(store.exportValue("123456789012", "us-east-1", "demo-b")).isEmpty();
    }

    @Test
    void aReplacingChangeCreatesTheNewOneBeforeDeletingTheOld() {
        deploy("demo", "Resources: {A: {Type: Test::Thing::Box, Properties: {Name: first, Value: v}}}", Map.of());
        deploy("demo", "Resources: {A: {Type: Test::Thing::Box, Properties: {Name: second, Value: v}}}", Map.of());
        assertThat(boxes.log).containsExactly("create first-1", "create second-2", "delete first-1");
        assertThat(engine.resource(SCOPE, "demo", "A").physicalId()).isEqualTo("second-2");
    }

    @Test
    void aFailedUpdateRollsBackToThePreviousState() {
        deploy("demo", TWO_BOXES, Map.of());
        StackStore.StoredStack failed = deploy("demo", """
                Resources:
                  A: {Type: Test::Thing::Box, Properties: {Value: changed}}
                  B: {Type: Test::Thing::Box, Properties: {Value: fail}}
                """, Map.of());
        assertThat(failed.status()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(boxes.boxes).containsEntry("A-1", "one").containsEntry("B-2", "A-1+two");
        assertThat(failed.templateBody()).isEqualTo(TWO_BOXES);
        assertThat(store.exportValue("123456789012", "us-east-1", "demo-b")).contains("arn:box:B-2");
    }

    @Test
    void deployingTheSameTemplateAgainChangesNothing() {
        deploy("demo", TWO_BOXES, Map.of());
        assertThatThrownBy(() -> deploy("demo", TWO_BOXES, Map.of())).hasMessage("No updates are to be performed.");
    }

    @Test
    void deleteRemovesResourcesInReverseOrderAndFreesTheName() {
        deploy("demo", TWO_BOXES, Map.of());
        StackStore.StoredStack deleted = engine.delete(SCOPE, "demo", StackAuthority.operator());
        assertThat(deleted.status()).isEqualTo("DELETE_COMPLETE");
        assertThat(boxes.log).endsWith("delete B-2", "delete A-1");
        assertThat(deploy("demo", TWO_BOXES, Map.of()).status()).isEqualTo("CREATE_COMPLETE");
    }

    @Test
    void unsupportedTypesAreListedUnlessSkippedAndAReferenceToASkippedOneFails() {
        String body = """
                Resources:
                  Bucket: {Type: AWS::S3::Bucket}
                  Queue: {Type: AWS::SQS::Queue}
                  A: {Type: Test::Thing::Box, Properties: {Value: one}}
                """;
        assertThatThrownBy(() -> deploy("demo", body, Map.of()))
                .hasMessageContaining("[AWS::S3::Bucket (Bucket), AWS::SQS::Queue (Queue)]");
        StackStore.StoredStack skipped = engine.deploy(new StackEngine.DeployRequest(SCOPE, "demo", body, Map.of(), true, StackAuthority.operator()));
        assertThat(skipped.status()).isEqualTo("CREATE_COMPLETE");
        assertThat(engine.resource(SCOPE, "demo", "Bucket").status()).isEqualTo("SKIPPED");
        StackStore.StoredStack referring = engine.deploy(new StackEngine.DeployRequest(SCOPE, "other",
                body.replace("Value: one", "Value: !Ref Bucket"), Map.of(), true, StackAuthority.operator()));
        assertThat(referring.status()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(referring.statusReason()).contains("Bucket").contains("was skipped");
    }

    @Test
    void anUnsupportedPropertyIsNamedWithItsResource() {
        assertThatThrownBy(() -> deploy("demo", "Resources: {A: {Type: Test::Thing::Box, Properties: {Colour: red}}}",
                Map.of())).hasMessageStartingWith("Resources.A.Properties.Colour: the property Colour of Test::Thing::Box"
                + " is not supported by Outcrop");
    }

    @Test
    void importValueReadsAnotherStacksExport() {
        deploy("demo", TWO_BOXES, Map.of());
        deploy("consumer", "Resources: {C: {Type: Test::Thing::Box, Properties: {Value: !ImportValue demo-b}}}",
                Map.of());
        assertThat(boxes.boxes).containsValue("arn:box:B-2");
    }

    private static final String IMPORTER = """
            Resources:
              I: {Type: Test::Thing::Box, Properties: {Value: !ImportValue demo-b}}
            """;

    @Test
    void aStackWhoseExportAnotherImportsIsNotDeletedAndItsStatusStays() {
        deploy("demo", TWO_BOXES, Map.of());
        deploy("user", IMPORTER, Map.of());
        assertThatThrownBy(() -> engine.delete(SCOPE, "demo", StackAuthority.operator()))
                .hasMessage("Export demo-b cannot be deleted as it is in use by user");
        assertThat(engine.describe(SCOPE, "demo").status()).isEqualTo("CREATE_COMPLETE");
        assertThat(engine.events(SCOPE, "demo").getFirst().reason())
                .isEqualTo("Export demo-b cannot be deleted as it is in use by user");
        assertThat(boxes.log).doesNotContain("delete B-2");

        // Once the importer no longer imports it, the export may go.
        deploy("user", "Resources: {I: {Type: Test::Thing::Box, Properties: {Value: none}}}", Map.of());
        assertThat(engine.delete(SCOPE, "demo", StackAuthority.operator()).status()).isEqualTo(StackStore.DELETE_COMPLETE);
    }

    @Test
    void anUpdateThatRemovesOrChangesAnExportInUseRollsBack() {
        deploy("demo", TWO_BOXES, Map.of());
        deploy("user", IMPORTER, Map.of());
        StackStore.StoredStack removed = deploy("demo", TWO_BOXES.substring(0, TWO_BOXES.indexOf("Outputs:")),
                Map.of());
        assertThat(removed.status()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(removed.statusReason()).contains("Export demo-b cannot be deleted as it is in use by user");
        assertThat(store.exportValue("123456789012", "us-east-1", "demo-b")).contains("arn:box:B-2");

        String otherValue = TWO_BOXES.replace("BArn: {Value: !GetAtt B.Arn", "BArn: {Value: !GetAtt A.Arn");
        StackStore.StoredStack changed = deploy("demo", otherValue, Map.of());
        assertThat(changed.status()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(changed.statusReason()).contains("Export demo-b cannot be updated as it is in use by user");

        engine.delete(SCOPE, "user", StackAuthority.operator());
        assertThat(deploy("demo", otherValue, Map.of()).status()).isEqualTo("UPDATE_COMPLETE");
    }

    @Test
    void aPlanListsAddsModificationsReplacementsAndRemovalsWithoutApplyingThem() {
        assertThat(engine.plan(new StackEngine.DeployRequest(SCOPE, "demo", TWO_BOXES, Map.of(), false, StackAuthority.operator())))
                .extracting(ResourceChange::action, ResourceChange::logicalId).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Add", "A"), org.assertj.core.groups.Tuple.tuple("Add", "B"));
        deploy("demo", TWO_BOXES, Map.of());
        boxes.log.clear();
        List<ResourceChange> changes = engine.plan(new StackEngine.DeployRequest(SCOPE, "demo", """
                Resources:
                  A: {Type: Test::Thing::Box, Properties: {Name: renamed, Value: one}}
                  C: {Type: Test::Thing::Box, Properties: {Name: !Ref A, Value: x}}
                  D: {Type: Test::Thing::Box, Properties: {Value: d}}
                """, Map.of(), false, StackAuthority.operator()));
        assertThat(boxes.log).isEmpty();
        assertThat(changes).extracting(ResourceChange::action, ResourceChange::logicalId, ResourceChange::replacement)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Modify", "A", "True"),
                        org.assertj.core.groups.Tuple.tuple("Add", "C", null),
                        org.assertj.core.groups.Tuple.tuple("Add", "D", null),
                        org.assertj.core.groups.Tuple.tuple("Remove", "B", null));
        ResourceChange a = changes.stream().filter(c -> c.logicalId().equals("A")).findFirst().orElseThrow();
        assertThat(a.details()).containsExactly(new ResourceChange.Detail("Properties", "Name", "Always", "Static",
                "DirectModification", null));

        // B refers to A: once A is replaced, B's value is known only then.
        List<ResourceChange> dynamic = engine.plan(new StackEngine.DeployRequest(SCOPE, "demo",
                TWO_BOXES.replace("{Value: one}", "{Name: renamed, Value: one}"), Map.of(), false, StackAuthority.operator()));
        ResourceChange b = dynamic.stream().filter(c -> c.logicalId().equals("B")).findFirst().orElseThrow();
        assertThat(b.replacement()).isEqualTo("False");
        assertThat(b.details()).containsExactly(new ResourceChange.Detail("Properties", "Value", "Never", "Dynamic",
                "ResourceReference", "A"));
    }
}
