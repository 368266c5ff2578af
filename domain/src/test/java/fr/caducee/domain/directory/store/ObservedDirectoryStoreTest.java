package fr.caducee.domain.directory.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

class ObservedDirectoryStoreTest {
    static final IdNat DOCTOR = IdNat.parse("810000005479");
    static final Finess HOSPITAL = Finess.parse("123456782");
    static final BoxAddress PER = BoxAddress.parse("claire.martin@chu.example");
    static final BoxAddress ORG = BoxAddress.parse("cardiologie@chu.example");

    final InMemoryDirectoryStore memory = new InMemoryDirectoryStore();
    final List<String> told = new ArrayList<>();
    final BoxChanges recorder = new BoxChanges() {
        @Override
        public void changing(List<BoxAddress> boxes) {
            told.add("changing " + boxes + " (" + memory.box(boxes.get(0)).map(Box::listeRouge).orElse(null) + ")");
        }

        @Override
        public void changed(List<BoxAddress> boxes) {
            told.add("changed " + boxes + " (" + memory.box(boxes.get(0)).map(Box::listeRouge).orElse(null) + ")");
        }
    };
    final DirectoryStore store = ObservedDirectoryStore.of(memory, recorder);

    static Professional martin(String firstName) {
        return new Professional(DOCTOR, "DR", "MARTIN", firstName, "10", "", "", "");
    }

    static Box per(boolean listeRouge) {
        return new Box(PER, BoxType.PER, Optional.of(DOCTOR), Optional.empty(), Optional.empty(), Set.of(), listeRouge,
            BoxStatus.ACTIVE, Instant.EPOCH, "", "");
    }

    static Box org() {
        return new Box(ORG, BoxType.ORG, Optional.empty(), Optional.of(HOSPITAL), Optional.of(DOCTOR), Set.of(), false,
            BoxStatus.ACTIVE, Instant.EPOCH, "", "");
    }

    @Test
    void aBoxPutIsToldBeforeAndAfterTheWrite() {
        memory.putProfessional(martin("Claire"));

        store.putBox(per(false));
        store.putBox(per(true));

        assertThat(told).containsExactly("changing [claire.martin@chu.example] (null)",
            "changed [claire.martin@chu.example] (false)", "changing [claire.martin@chu.example] (false)",
            "changed [claire.martin@chu.example] (true)");
    }

    @Test
    void aBoxCreatedOrRemovedIsTold() {
        memory.putProfessional(martin("Claire"));

        store.createBox(per(false));
        store.removeBox(PER);

        assertThat(told).containsExactly("changing [claire.martin@chu.example] (null)",
            "changed [claire.martin@chu.example] (false)", "changing [claire.martin@chu.example] (false)",
            "changed [claire.martin@chu.example] (null)");
    }

    @Test
    void aWriteThatCannotBeRecordedIsNotMade() {
        memory.putProfessional(martin("Claire"));
        DirectoryStore refusing = ObservedDirectoryStore.of(memory, new BoxChanges() {
            @Override
            public void changing(List<BoxAddress> boxes) {
                throw new DirectoryUnavailableException("the publication queue cannot be written", null);
            }

            @Override
            public void changed(List<BoxAddress> boxes) {
            }
        });

        assertThatThrownBy(() -> refusing.putBox(per(false))).isInstanceOf(DirectoryUnavailableException.class);
        assertThat(memory.box(PER)).isEmpty();
    }

    @Test
    void aWriteTheStoreRefusesIsToldBeforeAndAfterAsWell() {
        assertThatThrownBy(() -> store.putBox(per(false))).isInstanceOf(DirectoryRefusal.class);

        assertThat(told).containsExactly("changing [claire.martin@chu.example] (null)",
            "changed [claire.martin@chu.example] (null)");
    }

    @Test
    void renamingAProfessionalTellsTheOrgBoxesTheyAreResponsibleFor() {
        memory.putProfessional(martin("Claire"));
        memory.putStructure(new Structure(HOSPITAL, "CHU", "", "", ""));
        memory.putBox(per(false));
        memory.putBox(org());

        store.putProfessional(martin("Claire"));
        assertThat(told).isEmpty();
        store.putProfessional(martin("Clara"));

        assertThat(told).containsExactly("changing [cardiologie@chu.example] (false)",
            "changed [cardiologie@chu.example] (false)");
    }

    @Test
    void withoutObserverTheStoreIsItself() {
        assertThat(ObservedDirectoryStore.of(memory, BoxChanges.NONE)).isSameAs(memory);
    }

    @Test
    void everyMethodOfTheStoreIsPassedOnNotLeftToItsDefault() {
        for (Method method : DirectoryStore.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            assertThat(declared(method)).as(method.getName()).isTrue();
        }
    }

    private static boolean declared(Method method) {
        try {
            ObservedDirectoryStore.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
