import { localCodes, serverCodes } from "../contract/codes.js";
import { maxLineLength } from "../csv/line-limit.js";

export interface CodeHelp {
  meaning: string;
  fix: string;
}

/**
 * The one place where an errorCode becomes words: what it means and how to fix the row. The
 * table follows the contract's check order (section 1).
 */
const help: Record<string, CodeHelp> = {
  [serverCodes.studyNotExist]: {
    meaning: "The study OID does not exist on this server.",
    fix: "Check --study: it is the study's OID, e.g. S_JUNO(TEST).",
  },
  [serverCodes.siteNotExist]: {
    meaning: "The site OID does not exist in this study.",
    fix: "Check the row's site OID (or --site) against the study's sites.",
  },
  [serverCodes.studyNotAvailable]: {
    meaning: "The study is not available (locked, frozen or removed).",
    fix: "Ask the study's administrator to make it available.",
  },
  [serverCodes.siteNotAvailable]: {
    meaning: "The site is not available (locked, frozen or removed).",
    fix: "Ask the study's administrator to make the site available.",
  },
  [serverCodes.noRoleSetUp]: {
    meaning: "The user has no role on this study or site.",
    fix: "Use an account with a role on the study, or on this very site.",
  },
  [serverCodes.noSufficientPrivileges]: {
    meaning: "The user's role may not add participants.",
    fix: "Use a data manager, data specialist, data entry person, CRC or investigator account.",
  },
  [serverCodes.participateNotEnabled]: {
    meaning: "--register asks for Participate accounts, but Participate is off.",
    fix: "Run without --register, or ask for the Participate module to be enabled.",
  },
  [serverCodes.participateInActive]: {
    meaning: "--register asks for Participate accounts, but Participate is off.",
    fix: "Run without --register, or ask for the Participate module to be enabled.",
  },
  [serverCodes.systemGeneratedId]: {
    meaning: "The study generates participant IDs itself, so none can be given.",
    fix: "Change the study's participant ID setting to manual.",
  },
  [serverCodes.enrollmentCapReached]: {
    meaning: "The study has reached its enrollment cap; even updates are refused.",
    fix: "Raise the expected total enrollment, or stop enforcing the cap.",
  },
  [serverCodes.missingParticipantId]: {
    meaning: "The participant ID is empty.",
    fix: "Fill in the participant ID.",
  },
  [serverCodes.participantIdHtml]: {
    meaning: "The participant ID contains < or >.",
    fix: "Remove < and > from the participant ID.",
  },
  [serverCodes.participantIdTooLong]: {
    meaning: "The participant ID is longer than 30 characters.",
    fix: "Shorten the participant ID to 30 characters or fewer.",
  },
  [serverCodes.participantIdTooLong413]: {
    meaning: "The participant ID is longer than 30 characters.",
    fix: "Shorten the participant ID to 30 characters or fewer.",
  },
  [serverCodes.firstNameTooLong]: {
    meaning: "The first name is longer than 35 characters.",
    fix: "Shorten the first name to 35 characters or fewer.",
  },
  [serverCodes.lastNameTooLong]: {
    meaning: "The last name is longer than 35 characters.",
    fix: "Shorten the last name to 35 characters or fewer.",
  },
  [serverCodes.identifierTooLong]: {
    meaning: "The secondary ID is longer than 35 characters.",
    fix: "Shorten the secondary ID to 35 characters or fewer.",
  },
  [serverCodes.emailAddressTooLong]: {
    meaning: "The email address is longer than 255 characters.",
    fix: "Correct the email address.",
  },
  [serverCodes.invalidEmailAddress]: {
    meaning:
      "The email address is not in a form the server accepts (ASCII only, a dot in the domain).",
    fix: "Correct the email address, or leave the cell empty.",
  },
  [serverCodes.phoneNumberTooLong]: {
    meaning: "The mobile number is longer than 17 characters in the server's format.",
    fix: "Check the number; the server takes +CC and at most 14 digits.",
  },
  [serverCodes.invalidPhoneNumber]: {
    meaning: "The mobile number is not a valid international number.",
    fix: "Write it with + and the country code (+1 617 555 0142), or pass --default-country.",
  },
  [serverCodes.participantNotFound]: {
    meaning: "The participant ID is already used at another site of this study.",
    fix: "Use the participant's own site, or a different participant ID.",
  },
  [serverCodes.participantIdNotAvailable]: {
    meaning: "A participant with this ID was removed from the study.",
    fix: "Restore the participant in OpenClinica, or use a different ID.",
  },
  [localCodes.duplicateParticipantId]: {
    meaning:
      "The participant ID appears earlier in the file (compared ignoring case); only the first is sent.",
    fix: "Remove the repeated row, or merge it with the first.",
  },
  [localCodes.missingSite]: {
    meaning: "The row has no site OID and no --site was given.",
    fix: "Fill in the Site OID column, or pass --site.",
  },
  [localCodes.invalidSiteOid]: {
    meaning: "The site OID is not a well-formed OID.",
    fix: "Use the site's OID as OpenClinica shows it, e.g. S_BOSTON(TEST).",
  },
  [localCodes.undecodableText]: {
    meaning:
      "A value holds a character that did not decode (U+FFFD), so the text is not what was typed.",
    fix: "Pass the file's real encoding with --encoding (e.g. windows-1252), or re-save it as CSV UTF-8.",
  },
  [localCodes.controlCharacter]: {
    meaning:
      "A value holds a control or invisible formatting character (a line break, tab, escape, or a right-to-left override), so OpenClinica would show it differently from how it is stored.",
    fix: "Retype the value in that cell; the report names the character (as U+XXXX) and its position.",
  },
  [localCodes.interrupted]: {
    meaning: "The run was stopped (Ctrl-C or a signal) before this row was sent.",
    fix: "Run with --resume REPORT to send the rows left (or run the same import again: nothing is created twice).",
  },
  [localCodes.serverUnreachable]: {
    meaning:
      "The server stopped answering (no answer within the retries), so the run stopped before this row.",
    fix: "When the server answers again, run with --resume REPORT to send the rows left.",
  },
  [localCodes.loginLost]: {
    meaning: "The login could not be renewed during the run, so it stopped before this row.",
    fix: "Check the credentials, then run with --resume REPORT to send the rows left.",
  },
  [localCodes.participantAtOtherSite]: {
    meaning:
      "The study already has this participant ID at another site; the server would refuse it with the misleading errorCode.participantNotFound, or update the participant there. Not sent.",
    fix: "Use the site the participant belongs to (the report's message names it), or a different participant ID.",
  },
  [localCodes.participantIdCaseDiffers]: {
    meaning:
      "The study has this participant ID spelt in another case; the server would update that participant, and the ID would keep its old spelling. Not sent.",
    fix: "Spell the participant ID as the study has it (the report's message shows it).",
  },
  [localCodes.participantRemoved]: {
    meaning:
      "A participant with this ID was removed from the study; the server would refuse it (errorCode.participantIDNotAvailable). Not sent.",
    fix: "Restore the participant in OpenClinica, or use a different participant ID.",
  },
  [localCodes.invalidRegisterValue]: {
    meaning: "With --register=column, the row's Register cell must say yes or no.",
    fix: "Write yes or no (y/n, true/false, 1/0 also work), or leave it empty for no.",
  },
  [localCodes.malformedRow]: {
    meaning: "The row has more or fewer fields than the header.",
    fix: "Check for a stray delimiter or a missing quote in that row.",
  },
  [localCodes.recordTooLarge]: {
    meaning: `The row's line is longer than ${maxLineLength.toLocaleString("en-US")} characters, far more than any participant row, so it was not read.`,
    fix: "Look for text pasted into a cell, or a row that is not a participant; a participant row is a few hundred characters.",
  },
};

export function describeCode(code: string): CodeHelp {
  return (
    help[code] ?? {
      meaning: "A code this tool does not know; it is reported exactly as the server sent it.",
      fix: "Look the code up in OpenClinica's documentation, or ask its support.",
    }
  );
}
