/** The voice of a reply to an interaction: the member's Discord language, and the script asked for or typed. */
import type { Interaction } from 'discord.js';
import { chooseVoice, type Voice, type VoiceRequest } from '../present/voice.js';

export function interactionVoice(interaction: Pick<Interaction, 'locale'>, request: Omit<VoiceRequest, 'locale'> = {}): Voice {
  return chooseVoice({ ...request, locale: interaction.locale });
}
