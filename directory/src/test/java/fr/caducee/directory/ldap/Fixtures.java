package fr.caducee.directory.ldap;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.Luhn;
import fr.caducee.domain.identifier.Siret;
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

/** Valid identifiers and records for the store tests. */
final class Fixtures {

    static final String DOMAIN = "caducee.example";
    /** Millisecond precision: what the directory keeps. */
    static final Instant CREATED = Instant.parse("2026-03-02T08:15:30.123Z");
    static final Siret SIRET = Siret.parse("73282932000074");

    private Fixtures() {
    }

    /** The i-th RPPS idNat (i below 10^9). */
    static IdNat idNat(int i) {
        return IdNat.rpps(withLuhnDigit(String.format("1%09d", i)));
    }

    /** The i-th FINESS (i below 10^6). */
    static Finess finess(int i) {
        return Finess.parse(withLuhnDigit(String.format("75%06d", i)));
    }

    /** The i-th INS (i below 10^5). */
    static Ins ins(int i) {
        String number = String.format("18505750%05d", i);
        return Ins.parse(number + String.format("%02d", Ins.computeKey(number)));
    }

    static BoxAddress address(String value) {
        return BoxAddress.parse(value);
    }

    static Professional professional(int i) {
        return new Professional(idNat(i), "DR", "Nom" + i, "Prénom", "10", "Médecin", "", "");
    }

    static Structure structure(StructureId id) {
        return new Structure(id, "Centre hospitalier " + id.number(), "", "", "");
    }

    static Box per(String address, IdNat holder) {
        return new Box(address(address), BoxType.PER, Optional.of(holder), Optional.empty(), Optional.empty(),
                Set.of(), false, BoxStatus.ACTIVE, CREATED, "", "");
    }

    static Box org(String address, StructureId owner, IdNat responsible, Set<IdNat> members) {
        return new Box(address(address), BoxType.ORG, Optional.empty(), Optional.of(owner), Optional.of(responsible),
                members, false, BoxStatus.ACTIVE, CREATED, "", "");
    }

    static Patient patient(Ins ins, List<Dispensing> dispensings) {
        return new Patient(ins, "Martin", "", Optional.empty(), PatientAddress.of(ins, DOMAIN), BoxStatus.ACTIVE,
                CREATED, dispensings);
    }

    static Dispensing dispensing(StructureId pharmacy, String date) {
        return new Dispensing(pharmacy, LocalDate.parse(date));
    }

    private static String withLuhnDigit(String payload) {
        return Luhn.withCheckDigit(payload);
    }
}
