package fr.caducee.domain.importing.extract;

import java.util.List;
import java.util.Objects;

/**
 * One published box of the national directory's bulk extract (extraction_correspondance_mssante), the 31 columns
 * in file order, as raw text. Nothing here is validated beyond the column count: identifier checks belong to
 * whoever consumes the line.
 *
 * <p>The extract has no technical id and no dates; {@link #boxAddress()} is the only key.
 */
public record ExtractLine(
        /* Type de BAL: PER, ORG, APP or CAB */
        String boxType,
        /* Adresse BAL */
        String boxAddress,
        /* Type Identifiant PP: 8 for RPPS, 0 for ADELI */
        String professionalIdType,
        /* Identifiant PP: the RPPS (11 digits) or ADELI (9 digits) number */
        String professionalId,
        /* Identification nationale PP: idNat, the type followed by the number */
        String professionalNationalId,
        /* Type identifiant structure: 1 for FINESS, 3 for SIRET */
        String structureIdType,
        /* Identification Structure: national structure id, the type followed by the number */
        String structureId,
        /* Service de rattachement */
        String attachedService,
        /* Civilité d'exercice: DR, PR or empty */
        String practiceTitle,
        /* Nom d'exercice */
        String practiceLastName,
        /* Prénom d'exercice */
        String practiceFirstName,
        /* Catégorie profession: C civilian, M military, E student */
        String professionCategory,
        /* Libellé de catégorie profession */
        String professionCategoryLabel,
        /* Code Profession: 10 doctor, 21 pharmacist, 60 nurse... */
        String professionCode,
        /* Libellé Profession */
        String professionLabel,
        /* Code savoir-faire: specialty */
        String specialtyCode,
        /* Libellé savoir-faire */
        String specialtyLabel,
        /* Dématérialisation: whether the box accepts paperless exchanges */
        String paperless,
        /* Raison Sociale structure BAL */
        String structureLegalName,
        /* Enseigne commerciale structure BAL */
        String structureTradeName,
        /* L2COMPLEMENTLOCALISATION structure BAL: building, floor... */
        String addressLocationComplement,
        /* L3COMPLEMENTDISTRIBUTION structure BAL: PO box... */
        String addressDistributionComplement,
        /* L4NUMEROVOIE structure BAL */
        String streetNumber,
        /* L4COMPLEMENTNUMEROVOIE structure BAL: B (bis), T (ter)... */
        String streetNumberSuffix,
        /* NL4TYPEVOIE structure BAL: R (rue), AV (avenue)... */
        String streetType,
        /* L4LIBELLEVOIE structure BAL */
        String streetName,
        /* L5LIEUDITMENTION structure BAL: named place */
        String addressPlaceName,
        /* L6LIGNEACHEMINEMENT structure BAL: postal code and town */
        String deliveryLine,
        /* Code postal structure BAL */
        String postalCode,
        /* Département structure BAL */
        String department,
        /* Pays structure BAL */
        String country) {

    /** Number of columns of the extract. */
    public static final int COLUMN_COUNT = 31;

    /** Column separator. */
    public static final char SEPARATOR = '|';

    /** The header line's column names, in order, as published. */
    public static final List<String> HEADER = List.of(
            "Type de BAL",
            "Adresse BAL",
            "Type Identifiant PP",
            "Identifiant PP",
            "Identification nationale PP",
            "Type identifiant structure",
            "Identification Structure",
            "Service de rattachement",
            "Civilité d'exercice",
            "Nom d'exercice",
            "Prénom d'exercice",
            "Catégorie profession",
            "Libellé de catégorie profession",
            "Code Profession",
            "Libellé Profession",
            "Code savoir-faire",
            "Libellé savoir-faire",
            "Dématérialisation",
            "Raison Sociale structure BAL",
            "Enseigne commerciale structure BAL",
            "L2COMPLEMENTLOCALISATION structure BAL",
            "L3COMPLEMENTDISTRIBUTION structure BAL",
            "L4NUMEROVOIE structure BAL",
            "L4COMPLEMENTNUMEROVOIE structure BAL",
            "NL4TYPEVOIE structure BAL",
            "L4LIBELLEVOIE structure BAL",
            "L5LIEUDITMENTION structure BAL",
            "L6LIGNEACHEMINEMENT structure BAL",
            "Code postal structure BAL",
            "Département structure BAL",
            "Pays structure BAL");

    public ExtractLine {
        Objects.requireNonNull(boxType, "boxType");
        Objects.requireNonNull(boxAddress, "boxAddress");
        // The other columns are often empty, never null: keeps consumers free of null checks.
        Objects.requireNonNull(professionalIdType, "professionalIdType");
        Objects.requireNonNull(professionalId, "professionalId");
        Objects.requireNonNull(professionalNationalId, "professionalNationalId");
        Objects.requireNonNull(structureIdType, "structureIdType");
        Objects.requireNonNull(structureId, "structureId");
        Objects.requireNonNull(attachedService, "attachedService");
        Objects.requireNonNull(practiceTitle, "practiceTitle");
        Objects.requireNonNull(practiceLastName, "practiceLastName");
        Objects.requireNonNull(practiceFirstName, "practiceFirstName");
        Objects.requireNonNull(professionCategory, "professionCategory");
        Objects.requireNonNull(professionCategoryLabel, "professionCategoryLabel");
        Objects.requireNonNull(professionCode, "professionCode");
        Objects.requireNonNull(professionLabel, "professionLabel");
        Objects.requireNonNull(specialtyCode, "specialtyCode");
        Objects.requireNonNull(specialtyLabel, "specialtyLabel");
        Objects.requireNonNull(paperless, "paperless");
        Objects.requireNonNull(structureLegalName, "structureLegalName");
        Objects.requireNonNull(structureTradeName, "structureTradeName");
        Objects.requireNonNull(addressLocationComplement, "addressLocationComplement");
        Objects.requireNonNull(addressDistributionComplement, "addressDistributionComplement");
        Objects.requireNonNull(streetNumber, "streetNumber");
        Objects.requireNonNull(streetNumberSuffix, "streetNumberSuffix");
        Objects.requireNonNull(streetType, "streetType");
        Objects.requireNonNull(streetName, "streetName");
        Objects.requireNonNull(addressPlaceName, "addressPlaceName");
        Objects.requireNonNull(deliveryLine, "deliveryLine");
        Objects.requireNonNull(postalCode, "postalCode");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(country, "country");
    }

    /**
     * Builds a line from exactly {@value #COLUMN_COUNT} fields in file order.
     *
     * @throws IllegalArgumentException on another count
     */
    public static ExtractLine of(String... f) {
        if (f.length != COLUMN_COUNT) {
            throw new IllegalArgumentException("expected " + COLUMN_COUNT + " columns, got " + f.length);
        }
        return new ExtractLine(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12],
                f[13], f[14], f[15], f[16], f[17], f[18], f[19], f[20], f[21], f[22], f[23], f[24], f[25], f[26],
                f[27], f[28], f[29], f[30]);
    }

    /** The fields in file order. */
    public List<String> fields() {
        return List.of(boxType, boxAddress, professionalIdType, professionalId, professionalNationalId,
                structureIdType, structureId, attachedService, practiceTitle, practiceLastName, practiceFirstName,
                professionCategory, professionCategoryLabel, professionCode, professionLabel, specialtyCode,
                specialtyLabel, paperless, structureLegalName, structureTradeName, addressLocationComplement,
                addressDistributionComplement, streetNumber, streetNumberSuffix, streetType, streetName,
                addressPlaceName, deliveryLine, postalCode, department, country);
    }

    /** The line as written in the extract, without line terminator. */
    public String toLine() {
        return String.join(String.valueOf(SEPARATOR), fields());
    }
}
