/**
 * Every message the bot sends is shaped here: Discord's limits enforced by
 * trimming at sentence boundaries, markdown in quoted text escaped, mentions
 * disabled, ephemeral flags set, and the interaction's acknowledgement state
 * respected (reply vs. edit vs. follow-up). Errors go out from `respondError`
 * only, ephemerally, whatever state the interaction is in.
 */
import { randomBytes } from 'node:crypto';
import {
  MessageFlags,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type Message,
  type MessageComponentInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { isUserError, type ErrorId } from '../errors.js';
import { LIMITS } from './limits.js';
import type { Logger } from '../util/log.js';
import { errorText } from '../present/errors.js';
import { t } from '../present/messages.js';
import type { Voice } from '../present/voice.js';
import type { UserError } from '../errors.js';
import { discordTimestamp } from './format.js';
import { truncateAtSentence } from './trim.js';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** What a handler wants to say; `shape` turns it into a payload Discord accepts. */
export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: ActionRow[];
  /** Only the user who asked sees it. */
  ephemeral?: boolean;
}

/** Nobody is ever pinged: not a quoted `@everyone`, not a role, not the replied-to user. */
export const NO_MENTIONS = Object.freeze({ parse: [] as never[] });

const ESCAPE_OPTIONS = { heading: true, bulletedList: true, numberedList: true, maskedLink: true } as const;
/** escapeMarkdown's look-behinds make it quadratic (about 0.2 s for 4,000 characters): feed it small pieces. */
const ESCAPE_CHUNK = 160;
const MARKDOWN_CHARS = new Set(['*', '_', '~', '|', '`', '\\', '#', '-', '>', '[', ']', '(', ')']);

/**
 * Escapes everything that would change how quoted text renders (bold, italics,
 * headings, lists, masked links…) with discord.js's `escapeMarkdown`, in
 * pieces. A piece never ends between two markdown characters, so pairs such
 * as `**` or `~~` are always seen whole; a piece starting mid-line may get a
 * harmless extra escape.
 */
export function escape(text: string): string {
  if (text.length <= ESCAPE_CHUNK) return escapeMarkdown(text, ESCAPE_OPTIONS);
  let out = '';
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + ESCAPE_CHUNK);
    while (
      end < text.length &&
      end > start + 1 &&
      (MARKDOWN_CHARS.has(text[end - 1] ?? '') || MARKDOWN_CHARS.has(text[end] ?? '') || /[\uDC00-\uDFFF]/.test(text[end] ?? ''))
    ) {
      end++;
    }
    out += escapeMarkdown(text.slice(start, end), ESCAPE_OPTIONS);
    start = end;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Limits

export function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  n += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

function clampEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncateAtSentence(out.title, LIMITS.embedTitle);
  if (out.description !== undefined) out.description = truncateAtSentence(out.description, LIMITS.embedDescription);
  if (out.footer) out.footer = { ...out.footer, text: truncateAtSentence(out.footer.text, LIMITS.embedFooter) };
  if (out.author) out.author = { ...out.author, name: truncateAtSentence(out.author.name, LIMITS.embedAuthor) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.embedFields).map((f) => ({
      ...f,
      name: truncateAtSentence(f.name, LIMITS.embedFieldName) || '\u200b',
      value: truncateAtSentence(f.value, LIMITS.embedFieldValue) || '\u200b',
    }));
  }
  return out;
}

/** The largest cap `c` with `sum(min(len, c)) <= budget` (water-filling), or 0 when even tiny parts do not fit. */
function waterLevel(lengths: readonly number[], budget: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  let used = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rest = sorted.length - i;
    const level = Math.floor((budget - used) / rest);
    if (level < (sorted[i] ?? 0)) return Math.max(0, level);
    used += sorted[i] ?? 0;
  }
  return Number.POSITIVE_INFINITY;
}

/** Below this a quote is not worth showing: drop a field or an embed instead. */
const MIN_PART = 40;

/**
 * Fits embeds into one message: per-part limits first, then the 6,000-character
 * total by capping every description and field value at the same level, cut
 * at a sentence. Renderers budget their text up front; this is the safety net.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const out = embeds.slice(0, LIMITS.embedsPerMessage).map(clampEmbed);
  for (;;) {
    const total = out.reduce((n, e) => n + embedLength(e), 0);
    if (total <= LIMITS.embedTotal) return out;
    const parts = out.flatMap((e) => [
      ...(e.description ? [{ len: e.description.length, cut: (c: number) => (e.description = truncateAtSentence(e.description ?? '', c)) }] : []),
      ...(e.fields ?? []).map((f) => ({ len: f.value.length, cut: (c: number) => (f.value = truncateAtSentence(f.value, c) || '\u200b') })),
    ]);
    const fixed = total - parts.reduce((n, p) => n + p.len, 0);
    const level = waterLevel(parts.map((p) => p.len), LIMITS.embedTotal - fixed);
    if (level >= MIN_PART && Number.isFinite(level)) {
      for (const p of parts) if (p.len > level) p.cut(level);
      continue;
    }
    // Titles, names and footers alone leave no room: drop the last field, else the last embed.
    const last = out[out.length - 1];
    if (!last) return out;
    if (last.fields && last.fields.length > 0) last.fields = last.fields.slice(0, -1);
    else out.pop();
  }
}

export interface ShapedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRow[];
  allowedMentions: { parse: never[] };
  flags?: MessageFlags.Ephemeral;
}

/** The payload for any reply, edit or follow-up. Empty arrays are explicit so an edit clears old embeds/buttons. */
export function shape(reply: Reply): ShapedMessage {
  const out: ShapedMessage = {
    embeds: fitEmbeds(reply.embeds ?? []),
    components: (reply.components ?? []).slice(0, LIMITS.actionRows),
    allowedMentions: NO_MENTIONS,
  };
  if (reply.content !== undefined) out.content = truncateAtSentence(reply.content, LIMITS.content);
  else if (out.embeds.length === 0) out.content = '\u200b'; // Discord rejects a message with nothing in it.
  if (reply.ephemeral) out.flags = MessageFlags.Ephemeral;
  return out;
}

/** The same, for a plain channel message (mentions and DMs); ephemeral has no meaning there. */
export function shapeMessage(reply: Reply): Omit<ShapedMessage, 'flags'> {
  const { flags: _ephemeral, ...rest } = shape({ ...reply, ephemeral: false });
  return rest;
}

// ---------------------------------------------------------------------------
// Interaction state

/** Interactions deferred by us whose "thinking…" placeholder still shows, and its visibility. */
const placeholder = new WeakMap<object, 'public' | 'ephemeral'>();

/** Acknowledges within Discord's 3-second deadline; the answer follows with `respond`. */
export async function defer(interaction: RepliableInteraction, ephemeral = false): Promise<void> {
  if (interaction.deferred || interaction.replied) return;
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  placeholder.set(interaction, ephemeral ? 'ephemeral' : 'public');
}

/**
 * Sets the interaction's visible reply: the first reply, the answer to a
 * deferral, or an edit of what was already said. An ephemeral reply after a
 * public deferral replaces the placeholder with an ephemeral follow-up, since
 * a deferred reply cannot change its visibility.
 */
export async function respond(interaction: RepliableInteraction, reply: Reply): Promise<void> {
  const payload = shape(reply);
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply(payload);
    return;
  }
  if (reply.ephemeral && placeholder.get(interaction) === 'public') {
    placeholder.delete(interaction);
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp(payload);
    return;
  }
  placeholder.delete(interaction);
  const { flags: _flags, ...edit } = payload;
  await interaction.editReply(edit);
}

/** Replaces the message a button sits on (pagination). */
export async function update(interaction: MessageComponentInteraction, reply: Reply): Promise<void> {
  const { flags: _flags, ...payload } = shape(reply);
  await interaction.update(payload);
}

export async function replyToMessage(message: Message, reply: Reply): Promise<Message> {
  return message.reply(shapeMessage(reply));
}

// ---------------------------------------------------------------------------
// Errors

export interface ErrorInfo {
  /** Stable id: the UserError's (src/errors.ts), or `internal` for a bug. */
  id: ErrorId | 'internal';
  /** Short reference to find the logged stack of an internal error. */
  ref?: string;
  reply: Reply;
}

/** A user error in the reader's language and script, with Discord's own timestamps and mentions. */
export function userErrorText(error: UserError, voice: Voice): string {
  return errorText(error, voice, { at: (ms) => discordTimestamp(ms), who: (id) => `<@${id}>` });
}

/** What the user is told: the error in their language, or a generic line (never a stack, never internals). */
export function describeError(error: unknown, voice: Voice = { lang: 'en', script: null }): ErrorInfo {
  const { lang } = voice;
  if (isUserError(error)) {
    return { id: error.id, reply: { content: `⚠️ ${escape(userErrorText(error, voice))}`, ephemeral: true } };
  }
  const ref = randomBytes(4).toString('hex');
  return {
    id: 'internal',
    ref,
    reply: { content: `❌ ${t(lang, 'error.internal')}\n-# ${t(lang, 'error.internal_ref', { ref })}`, ephemeral: true },
  };
}

/**
 * The one place errors reach users of interactions. Works whether or not the
 * interaction was acknowledged; a failure to deliver is logged, never thrown,
 * so a broken interaction cannot take the bot down.
 */
export async function respondError(
  interaction: RepliableInteraction,
  error: unknown,
  log: Logger,
  context: Record<string, unknown> = {},
  voice?: Voice,
): Promise<ErrorInfo> {
  const info = describeError(error, voice);
  if (info.id === 'internal') log.error('handler failed', { ...context, ref: info.ref, error: errorFields(error) });
  else log.info('user error', { ...context, id: info.id });
  try {
    if (!interaction.deferred && !interaction.replied) await interaction.reply(shape(info.reply));
    else if (placeholder.has(interaction)) await respond(interaction, info.reply);
    else await interaction.followUp(shape(info.reply));
  } catch (deliveryError) {
    log.warn('could not deliver an error reply', { ...context, id: info.id, error: errorFields(deliveryError) });
  }
  return info;
}

/** Errors as plain fields: the shared logger JSON-encodes fields, and an Error encodes as `{}`. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, ...(isUserError(error) ? { id: error.id } : { stack: error.stack }) };
  }
  return { message: String(error) };
}
