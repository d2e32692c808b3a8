// The search page's ranking (html_search_scorer). Sphinx ranks an index entry that matches the
// query by how much of the entry it covers (an exact match scores 100), and the glossary makes
// one main entry per term: "derivative" listed the glossary three times before any lesson. The
// lessons mark the index entries at their definitions as main entries too, and the glossary's
// own results are scored no higher than a word in a page's text, so that a search leads to the
// lesson that defines the word first and to the glossary after it. Otherwise Sphinx's defaults.
var Scorer = {
  score: (result) => (result[0] === "book/back/glossary" ? Math.min(result[4], 5) : result[4]),
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
