/**
 * The words the template prints itself, per language (the brief's `lang`,
 * by its primary subtag; English otherwise).
 */
export interface Labels {
  summary: string
  keyPoints: string
  notes: string
  aboutAuthor: string
  aboutAuthors: string
  citeAs: string
  number: string
  and: string
  page: string
  of: string
  references: string
  abbreviations: string
  acknowledgments: string
}

const english: Labels = {
  summary: 'Summary',
  keyPoints: 'Key points',
  notes: 'Notes',
  aboutAuthor: 'About the author',
  aboutAuthors: 'About the authors',
  citeAs: 'Cite as',
  number: 'No.',
  and: 'and',
  page: 'Page',
  of: 'of',
  references: 'References',
  abbreviations: 'Abbreviations',
  acknowledgments: 'Acknowledgements'
}

const byLanguage: Record<string, Labels> = {
  en: english,
  fr: {
    summary: 'Résumé',
    keyPoints: 'Points clés',
    notes: 'Notes',
    aboutAuthor: 'À propos de l’auteur',
    aboutAuthors: 'À propos des auteurs',
    citeAs: 'Pour citer',
    number: 'n°',
    and: 'et',
    page: 'Page',
    of: 'sur',
    references: 'Références',
    abbreviations: 'Abréviations',
    acknowledgments: 'Remerciements'
  },
  de: {
    summary: 'Zusammenfassung',
    keyPoints: 'Kernpunkte',
    notes: 'Anmerkungen',
    aboutAuthor: 'Über den Autor',
    aboutAuthors: 'Über die Autoren',
    citeAs: 'Zitiervorschlag',
    number: 'Nr.',
    and: 'und',
    page: 'Seite',
    of: 'von',
    references: 'Literatur',
    abbreviations: 'Abkürzungen',
    acknowledgments: 'Danksagung'
  },
  es: {
    summary: 'Resumen',
    keyPoints: 'Puntos clave',
    notes: 'Notas',
    aboutAuthor: 'Sobre el autor',
    aboutAuthors: 'Sobre los autores',
    citeAs: 'Cómo citar',
    number: 'n.º',
    and: 'y',
    page: 'Página',
    of: 'de',
    references: 'Referencias',
    abbreviations: 'Abreviaturas',
    acknowledgments: 'Agradecimientos'
  }
}

export function labelsFor(lang: string): Labels {
  const primary = lang.toLowerCase().split('-')[0]!
  return Object.hasOwn(byLanguage, primary) ? byLanguage[primary]! : english
}
