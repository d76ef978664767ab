import { inHoursText, type Notice, noCloseText, tooLongText } from "../../core/diagnostics";

/** Core's notices in the words of `toil calc` and `toil export`, whose flags they name. */
export function toilWording(n: Notice): string {
  switch (n.code) {
    case "infer-no-close-times":
      return "--infer-worked: the log has no close times, so no time worked can be inferred";
    case "infer-no-close":
      return `--infer-worked: ${noCloseText(n.windows)}`;
    case "infer-too-long":
      return `--infer-worked: ${tooLongText(n)} (give it with --worked ${n.person}:${n.alert}=DURATION)`;
    case "infer-in-hours":
      return `--infer-worked: ${inHoursText(n)} (give it with --worked ${n.person}:${n.alert}=DURATION)`;
  }
}
