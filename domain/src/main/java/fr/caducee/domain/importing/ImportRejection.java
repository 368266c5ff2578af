package fr.caducee.domain.importing;

import java.util.Objects;

/**
 * A line of an extract (or an entry of an LDIF) that was not imported.
 *
 * @param line   line number in the file, 1 being the first line (the header of an extract, where an LDIF entry
 *               starts)
 * @param reason what is wrong, a sentence starting with {@code line <n>:} and naming the column or attribute
 */
public record ImportRejection(long line, String reason) {

    public ImportRejection {
        Objects.requireNonNull(reason, "reason");
    }
}
