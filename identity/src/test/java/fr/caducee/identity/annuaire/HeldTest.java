package fr.caducee.identity.annuaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;

class HeldTest {
    static final BoxAddress BOX = BoxAddress.parse("claire.martin@chu.mssante.fr");
    static final Carrier CARRIER = Carrier.practitioner(IdNat.parse("810000005479"));
    static final PublishedBox PUBLISHED = new PublishedBox(BOX, BoxType.PER, CARRIER, false, Optional.empty(),
        Optional.empty(), Optional.empty());
    static final PatchAnswer TAKEN = new PatchAnswer.Published(200);
    static final PatchAnswer REFUSED = new PatchAnswer.Refused(422, "no");
    static final PatchAnswer LOST = PatchAnswer.unanswered("timeout");

    @Test
    void anInsertOrAReplaceTakenIsHeldAsSent() {
        Held expected = Held.holding(CARRIER, BoxPatch.entryOf(PUBLISHED));

        assertThat(Held.NOTHING.after(BoxPatch.insert(PUBLISHED), TAKEN)).isEqualTo(expected);
        assertThat(Held.UNKNOWN.after(BoxPatch.reinsert(PUBLISHED), TAKEN)).isEqualTo(expected);
        assertThat(expected.doubted().after(BoxPatch.replace(PUBLISHED), TAKEN)).isEqualTo(expected);
    }

    @Test
    void aDeleteTakenLeavesNothing() {
        assertThat(Held.holding(CARRIER, "{}").after(BoxPatch.delete(CARRIER, BOX), TAKEN)).isEqualTo(Held.NOTHING);
    }

    @Test
    void aRefusalChangesNothing() {
        Held held = Held.holding(CARRIER, "{}");

        assertThat(held.after(BoxPatch.replace(PUBLISHED), REFUSED)).isEqualTo(held);
        assertThat(Held.NOTHING.after(BoxPatch.insert(PUBLISHED), REFUSED)).isEqualTo(Held.NOTHING);
    }

    @Test
    void anInsertOrADeleteWithoutAnswerLeavesTheBoxInDoubt() {
        assertThat(Held.NOTHING.after(BoxPatch.insert(PUBLISHED), LOST))
            .isEqualTo(new Held(Optional.of(CARRIER), Optional.empty(), false));
        assertThat(Held.holding(CARRIER, "{}").after(BoxPatch.delete(CARRIER, BOX), LOST))
            .isEqualTo(new Held(Optional.of(CARRIER), Optional.empty(), false));
    }

    @Test
    void aReplaceWithoutAnswerLeavesOnlyItsContentInDoubt() {
        assertThat(Held.holding(CARRIER, "{}").after(BoxPatch.replace(PUBLISHED), LOST))
            .isEqualTo(new Held(Optional.of(CARRIER), Optional.empty(), true));
    }
}
