/**
 * Questions about the sample articles asked in words the articles do not
 * use, each with the evidence a correct answer cites: a model that matches
 * words only cannot find them, a model that knows meaning can. The first
 * four are the (#13) examples; `newWords` are the question's words
 * that appear in no article (test/bench/paraphrase-questions.test.ts checks
 * this against the articles), so the question is a paraphrase by
 * construction, not by assertion.
 */
export interface ParaphraseQuestion {
  question: string;
  /** At least one of the first three cited excerpts must match. */
  evidence: RegExp;
  /** Words of the question that no sample article uses (in any inflection). */
  newWords: string[];
}

export const PARAPHRASE_QUESTIONS: ParaphraseQuestion[] = [
  { question: 'Were the North Korean soldiers given false documents?', evidence: /fake (identity cards|military identification)/i, newWords: ['false', 'documents'] },
  { question: 'Did North Korean soldiers kill themselves to avoid being captured?', evidence: /taking their own lives/i, newWords: [] },
  { question: 'What killed the POW?', evidence: /succumbed to his wounds|died (of|from) (his )?(wounds|injuries)|wounds worsened/i, newWords: ['pow'] },
  { question: 'What kind of tactics do North Korean soldiers use?', evidence: /outdated tactics|reminiscent of World War II|conventional strategies/i, newWords: ['kind'] },
  { question: 'Which messaging app showed pictures of the detained man?', evidence: /Telegram/, newWords: ['messaging', 'app', 'pictures', 'detained', 'man'] },
  { question: 'Do the North Koreans struggle to converse with their Russian comrades?', evidence: /language (barrier|gap)/i, newWords: ['converse', 'comrades'] },
  { question: 'Did North Korean troops accidentally shoot at their own comrades?', evidence: /friendly[- ]fire|mistakenly attacked/i, newWords: ['accidentally', 'shoot', 'comrades'] },
  { question: 'What disguise were the North Koreans told to adopt?', evidence: /Yakuts or Buryats|Russian uniforms/i, newWords: ['disguise', 'adopt'] },
  { question: 'Why are the North Koreans easy targets for unmanned aircraft?', evidence: /open (terrain|fields)|counter drone attacks|lack of knowledge about drone/i, newWords: ['easy', 'targets', 'unmanned', 'aircraft'] },
  { question: 'What was written in the diary of a North Korean fighter?', evidence: /notebook detailing drone warfare tactics|birthday greeting/i, newWords: ['written', 'diary'] },
  { question: 'Are the North Korean recruits seen as disposable by the Kremlin?', evidence: /expendable|cannon fodder/i, newWords: ['recruits', 'seen', 'disposable', 'kremlin'] },
  { question: 'Did Zelensky accuse Moscow of disfiguring the corpses?', evidence: /burn(ed)? the faces/i, newWords: ['disfiguring', 'corpses'] },
  { question: 'How many North Korean servicemen were dispatched to back Moscow?', evidence: /\b1[012],000\b/, newWords: ['servicemen', 'back'] },
  { question: 'Are the North Korean fighters competent in contemporary combat?', evidence: /minimal experience in modern warfare|lack battlefield experience|inexperienced/i, newWords: ['competent', 'contemporary'] },
  { question: 'What treaty binds Pyongyang and Moscow?', evidence: /defen[cs]e pact|partnership pact/i, newWords: ['treaty', 'binds'] },
  { question: 'Where are hurt North Koreans getting medical care?', evidence: /hospitals in Kursk/i, newWords: ['hurt', 'getting', 'medical', 'care'] },
  { question: 'Were the North Korean units thirsty?', evidence: /drinking water|supply shortages/i, newWords: ['thirsty'] },
  { question: 'How did Seoul learn that the prisoner had perished?', evidence: /allied (intelligence agency|country)|friendly (country|nation)|real-time information sharing/i, newWords: ['learn', 'perished'] },
  { question: 'Might Seoul start arming Kyiv?', evidence: /military support to Kyiv/i, newWords: ['start', 'arming'] },
  { question: 'Why would Kyiv rather keep North Korean captives breathing?', evidence: /exchange them with Russians|take the North Koreans alive/i, newWords: ['captives', 'breathing'] },
  { question: 'What do North Korean deserters fear will happen to their relatives?', evidence: /reprisal against their families/i, newWords: ['deserters', 'happen', 'relatives'] },
  { question: 'How many North Korean fatalities does the South Korean army count?', evidence: /1,100|100 (North Korean troops have been killed|were confirmed kills)|over 100 North Korean troops/i, newWords: ['fatalities', 'count'] },
  { question: 'Which Siberian peoples were the North Koreans meant to pretend to be?', evidence: /Yakuts or Buryats/, newWords: ['peoples', 'meant', 'pretend'] },
  { question: 'Which news wire first reported the death in Seoul?', evidence: /Yonhap/, newWords: ['wire'] },
];
