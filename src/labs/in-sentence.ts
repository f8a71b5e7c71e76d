/**
 * A process's title inside a sentence ("Start last ACK lost", "the server terminal"): its first
 * letter lowercased when its first word is an ordinary capitalized word, kept when it is a name
 * or an acronym ("SIG_IGN", "SO_RCVTIMEO", "ACK"), which a screen reader would otherwise read as
 * a word ("sig ign") or spell differently.
 */
export const inSentence = (title: string): string =>
  /^[A-Z](?:[a-z]|\s)/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
