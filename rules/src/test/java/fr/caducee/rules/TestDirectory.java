package fr.caducee.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * The directory the rules read, over the in-memory store, as the server builds it over LDAP (the same cache in
 * front): records are written to the store with the few helpers below, then read through {@link #directory()}.
 */
public final class TestDirectory {
    public static final Instant CREATED = Instant.parse("2026-01-05T09:00:00Z");

    private final InMemoryDirectoryStore store = new InMemoryDirectoryStore();
    private final Directory directory = new CachedDirectory(store, domain -> true, new NoPasswords(),
        new CachedDirectory.CacheSettings(Duration.ofMillis(2), 1_000));

    public Directory directory() {
        return directory;
    }

    public TestDirectory structure(StructureId id, String name) {
        store.putStructure(new Structure(id, name, "", "", ""));
        return this;
    }

    public TestDirectory professional(IdNat idNat, String lastName, String professionCode) {
        store.putProfessional(new Professional(idNat, "", lastName, "", professionCode, "", "", ""));
        return this;
    }

    /** A personal box held by a professional, attached to a structure or not. */
    public TestDirectory personalBox(String address, IdNat holder, Optional<StructureId> structure, BoxStatus status) {
        store.putBox(new Box(BoxAddress.parse(address), BoxType.PER, Optional.of(holder), structure, Optional.empty(),
            Set.of(), false, status, CREATED, "", ""));
        return this;
    }

    /** An organisational box of a structure, shared by its responsible professional and its members. */
    public TestDirectory organisationalBox(String address, StructureId structure, IdNat responsible, Set<IdNat> members) {
        store.putBox(new Box(BoxAddress.parse(address), BoxType.ORG, Optional.empty(), Optional.of(structure),
            Optional.of(responsible), members, false, BoxStatus.ACTIVE, CREATED, "", ""));
        return this;
    }

    /** A patient of this operator, at {@code <INS>@patient.<operator domain>}. */
    public TestDirectory patient(Ins ins, String operatorDomain, Dispensing... dispensings) {
        store.putPatient(new Patient(ins, "Durand", "", Optional.empty(), PatientAddress.of(ins, operatorDomain),
            BoxStatus.ACTIVE, CREATED, List.of(dispensings)));
        return this;
    }

    public static Dispensing dispensing(StructureId pharmacy, String date) {
        return new Dispensing(pharmacy, LocalDate.parse(date));
    }

    /** From now on every read of the store fails, as when the LDAP server cannot be reached. */
    public void becomeUnreachable() {
        store.fault((operation, key) -> new DirectoryUnavailableException("directory unreachable (" + operation + ")",
            null));
    }

    /** The rules never check passwords; a directory only needs some scheme. */
    private static final class NoPasswords implements PasswordScheme {
        @Override
        public String hash(String password) {
            throw new UnsupportedOperationException("no passwords in the rules' tests");
        }

        @Override
        public boolean verify(String password, String storedHash) {
            return false;
        }
    }
}
