package fr.caducee.identity.annuaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.identity.annuaire.BoxPatch.Operation;

class NextPatchTest {
    static final BoxAddress BOX = BoxAddress.parse("claire.martin@chu.mssante.fr");
    static final IdNat DOCTOR = IdNat.parse("810000005479");
    static final Carrier PRACTITIONER = Carrier.practitioner(DOCTOR);
    static final Carrier ROLE = Carrier.practitionerRole(DOCTOR, Finess.parse("123456782"));

    static Wanted present(Carrier carrier, boolean listeRouge) {
        return new Wanted.Present(new PublishedBox(BOX, BoxType.PER, carrier, listeRouge, Optional.empty(),
            Optional.empty(), Optional.empty()));
    }

    static Held heldAsSent(Carrier carrier, boolean listeRouge) {
        BoxPatch sent = BoxPatch.insert(((Wanted.Present) present(carrier, listeRouge)).box());
        return Held.holding(carrier, sent.entry().orElseThrow());
    }

    static Optional<Operation> next(Wanted wanted, Held held) {
        return NextPatch.next(BOX, wanted, held).map(BoxPatch::operation);
    }

    @Test
    void aNewBoxIsInserted() {
        assertThat(next(present(PRACTITIONER, false), Held.NOTHING)).contains(Operation.INSERT);
    }

    @Test
    void aBoxAsTheAnnuaireHoldsItSendsNothing() {
        assertThat(next(present(PRACTITIONER, false), heldAsSent(PRACTITIONER, false))).isEmpty();
    }

    @Test
    void aChangedBoxIsReplacedWhole() {
        assertThat(next(present(PRACTITIONER, true), heldAsSent(PRACTITIONER, false))).contains(Operation.REPLACE);
    }

    @Test
    void aBoxWhoseContentIsInDoubtIsReplacedAgain() {
        Held doubtfulContent = new Held(Optional.of(PRACTITIONER), Optional.empty(), true);

        assertThat(next(present(PRACTITIONER, false), doubtfulContent)).contains(Operation.REPLACE);
    }

    @Test
    void aBoxThatMayOrMayNotBeThereIsDeletedAndInsertedInOneRequest() {
        assertThat(next(present(PRACTITIONER, false), Held.UNKNOWN)).contains(Operation.REINSERT);
        assertThat(next(present(PRACTITIONER, false), heldAsSent(PRACTITIONER, false).doubted()))
            .contains(Operation.REINSERT);
    }

    @Test
    void aBoxMovedToAnotherCarrierIsFirstRemovedFromTheOldOne() {
        Optional<BoxPatch> patch = NextPatch.next(BOX, present(ROLE, false), heldAsSent(PRACTITIONER, false));

        assertThat(patch).hasValueSatisfying(p -> {
            assertThat(p.operation()).isEqualTo(Operation.DELETE);
            assertThat(p.carrier()).isEqualTo(PRACTITIONER);
        });
        Held afterDelete = heldAsSent(PRACTITIONER, false).after(patch.get(), new PatchAnswer.Published(200));
        assertThat(NextPatch.next(BOX, present(ROLE, false), afterDelete))
            .hasValueSatisfying(p -> assertThat(p.carrier()).isEqualTo(ROLE))
            .map(BoxPatch::operation).contains(Operation.INSERT);
    }

    @Test
    void aBoxRemovedHereIsDeletedWhereTheAnnuaireHoldsIt() {
        Optional<BoxPatch> patch = NextPatch.next(BOX, new Wanted.Absent(Optional.empty()), heldAsSent(ROLE, false));

        assertThat(patch).hasValueSatisfying(p -> {
            assertThat(p.operation()).isEqualTo(Operation.DELETE);
            assertThat(p.carrier()).isEqualTo(ROLE);
        });
    }

    @Test
    void aBoxRemovedBeforeItWasEverSentSendsNothing() {
        assertThat(next(new Wanted.Absent(Optional.of(PRACTITIONER)), Held.NOTHING)).isEmpty();
    }

    @Test
    void aSuspendedBoxOfUnknownStateIsDeletedWhereTheDirectorySaysItWouldBe() {
        Optional<BoxPatch> patch = NextPatch.next(BOX, new Wanted.Absent(Optional.of(PRACTITIONER)), Held.UNKNOWN);

        assertThat(patch).map(BoxPatch::operation).contains(Operation.DELETE);
        assertThat(next(new Wanted.Absent(Optional.empty()), Held.UNKNOWN)).isEmpty();
    }
}
