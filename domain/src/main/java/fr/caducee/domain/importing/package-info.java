/**
 * Idempotent imports into the directory: the national bulk extract
 * ({@link fr.caducee.domain.importing.ExtractImport}) and an LDIF of our schema
 * ({@link fr.caducee.domain.importing.LdifImport}), each with a per-line
 * {@link fr.caducee.domain.importing.ImportReport}.
 *
 * <p>Both work in two phases: the whole file is read and validated first, so that a file broken as a whole (wrong
 * header, cut short, LDIF syntax error) is refused before anything is written; then the valid lines are applied
 * through {@link fr.caducee.domain.directory.store.DirectoryStore} puts, every rule of the store being enforced. A line (an
 * entry) is applied whole or not at all: when one of its writes is refused, what it wrote before is undone.
 * Importing the same file again changes nothing.
 */
package fr.caducee.domain.importing;
