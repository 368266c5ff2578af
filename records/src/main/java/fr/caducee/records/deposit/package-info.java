/**
 * The checks a message to the record's box passes before anything of it is stored: its {@code IHE_XDM.ZIP} read
 * within bounds, each CDA R2 document's header, its patient (INS and identity traits, a patient of this operator),
 * its author (a registered professional) and what it does to the record (new, replacement, withdrawal of the current
 * version), each refusal with ANS's integration error code (900-906) and a rule id of its own. See
 * {@link fr.caducee.records.deposit.ArchiveDepositCheck} and docs/RECORDS.md, "Deposit checks".
 */
package fr.caducee.records.deposit;
