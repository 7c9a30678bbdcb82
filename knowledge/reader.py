"""Reading a question: which tool, purpose, data, circumstances and role it mentions."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .cues import INCLUDED
from .identifiers import find_identifiers
from .matching import (
    CLAUSE_OPENERS,
    SHORT_EXAMPLE,
    Concept,
    PhraseHit,
    asked_of_the_ai,
    concepts_of,
)
from .normalise import Token, normalise, tokenise
from .policy import EVERYDAY_SOFTWARE, Policy
from .schema import SEVERITY, Verdict
from .tool_index import ToolHit

PURPOSE_THRESHOLD = 0.6  # the best purpose must cover this share of an example's meaning
PURPOSE_CONFIDENT = 0.75  # other purposes count too when they match at least this well
ROLE_BONUS = 0.1  # a use the policy gives the asker's role outranks a use for everyone
FAQ_THRESHOLD = 0.6
_PERMISSION_FORM = re.compile(
    r"\b(?:can|may|could|should|shall)\s+(?:i|we|you|staff|pupils?|students?|teachers?|"
    r"colleagues?|my|our|officers?|members?|the|ai|it|copilot|chatgpt|gemini|claude)\b|"
    r"\b(?:am i|are we|is it|are they|is that)\s+"
    r"(?:allowed|ok|okay|permitted|fine|acceptable|alright|safe)\b|\bdo (?:i|we) need\b|"
    r"\b(?:allowed|permitted) to\b|\bis \w+ (?:allowed|approved|permitted)\b|"
    r"\b(?:i|we)\s+(?:want|wanna|would like|'d like|d like|need|plan|am planning|are planning|"
    r"intend|am thinking of|are thinking of|am looking to|are looking to)\s+(?:to\s+)?(?:use|using|"
    r"try|trying|start|get|have|put|paste|upload|ask)\b|\b(?:ok|okay|alright|fine|allowed)\s*\?|"
    r"\b(?:approved|allowed|ok|okay|permitted)\s+or\s+not\b|"
    # "can they use the school's tool to ...", "ok to have AI write it?", "thinking of getting AI
    # to draft ...": a use asked for someone else, or asked at the end
    r"\b(?:can|may|could|should)\s+(?:they|he|she|the kids|my class|my students|my pupils|"
    r"my team|the team|parents|governors)\s+(?:use|try|get|have|ask|put|paste|upload)\b|"
    r"\b(?:ok|okay|fine|alright|acceptable)\s+to\s+(?:use|have|get|ask|let|try|put|paste)\b|"
    r"\b(?:thinking|planning)\s+of\s+(?:getting|using|asking|having|letting)\b|"
    # "- ok for the approved AI to write a fictional scenario?": the use asked for, at the end
    r"\b(?:ok|okay|fine|alright|acceptable)\s+for\s+(?:the\s+|our\s+|an?\s+)?(?:\w+\s+)?"
    r"(?:ai|genai|copilot|chatgpt|chat gpt|gemini|claude|tool)\s+to\s+\w+"
)

# "The thing we discussed", "the one from the conference": the question points at something said
# elsewhere, so on its own there is nothing to judge.
_POINTING = re.compile(
    r"\b(?:the|that|this)\s+(?:app|tool|website|site|bot|program|ai)\s+(?:\w+\s+){0,2}(?:uses|used|"
    r"showed|mentioned|recommended|suggested|is on about|was on about|told me about)\b|"
    r"\b(?:the|that|this|my|our|for the|about the)\s+(?:\w+\s+)?(?:thing|things|stuff|one)\b"
    r"(?!\s+(?:of|about)\s)|\bthe other (?:one|thing)\b"
)
# "Same as before but for planning", "following up on my email to IG": the use itself was said
# in another conversation, so whatever else is read here, the use is not.
_ELSEWHERE = re.compile(
    r"\b(?:we|you|they|he|she|i)\s+(?:discussed|talked about|mentioned|spoke about|were on about|"
    r"was on about|said)\b|\bsame (?:as|question|thing|but)\b|\bas (?:before|earlier|discussed)\b|"
    # "ok same appendix but in our approved copilot instead": only the tool is new; what goes
    # in was said before
    r"\bsame (?!time\b|day\b|way\b)\w+ (?:but |again )?(?:in|into|on|with|using|through) "
    r"(?:our |the |my )?(?:approved |council |work )?(?:ai|copilot|chatgpt|gemini|claude)\b|"
    r"\bre earlier\b|\bfollowing up (?:on|from)\b|\bfurther to (?:my|our|the)\b|"
    r"\b(?:thing|one|trick|way|feature|stuff) \w+ (?:showed|told|taught) (?:us|me)\b|"
    r"\b(?:on|about|re|regarding) the (?:ai |copilot |chatgpt |gemini )?thing\b|"
    r"\bgo ahead now\b|\b(?:my|our|the) (?:email|message|request|chat|call) (?:to|with|from) \w+ "
    r"(?:yesterday|earlier|last week|this morning)\b"
)
# "ChatGPT for minutes?" says what the tool is for; "ChatGPT and the letters" does not.
_FOR = re.compile(r"\b(?:for|to)\b")
# "Can I do that with the letters?": the use is the "that", said elsewhere; the letters are only
# what it is done to.
_DO_THAT = re.compile(
    r"\b(?:do|does|doing|did)\s+(?:that|this|it|the same|so)\b(?!\s+(?:for|to)\s+(?:me|us)\b)"
    r"|\bdo (?:something|anything|stuff) with (?:it|this|that|them)\b"
)
# "would our Copilot chats be part of what we search?": what happens to records, not a use.
_WOULD_BE = re.compile(
    r"\bwould (?:our|my|the|these|those|any) [\w' ]{1,40}?\bbe (?:part of|included|covered|"
    r"disclosed|released|searched|searchable|visible|seen|kept|stored|deleted)\b|"
    r"\b(?:something|things|anything) (?:we|i) (?:have|need|must) to (?:search|disclose|include|"
    r"store|keep|retain|archive|"
    r"release|hand over|give)\b|"
    r"\bhow (?:can|do|would|could) (?:i|we) (?:find out|check|see) (?:which|what|whether|if|how)\b|"
    r"\b(?:can|could|will|does) (?:the |our )?(?:council's |school's )?"
    r"(?:copilot|chatgpt|gemini|ai) (?:see|open|access|read|find) "
    r"(?:files|documents|folders|emails|things) (?:i|we|that|which)\b|"
    # "if someone puts in an FOI, are AI prompts and Copilot outputs included?"
    r"\b(?:are|is) (?:the |our |my |any )?(?:ai |copilot |chatgpt |gemini )?(?:prompts?|outputs?|"
    r"chats?|conversations?|chat histor(?:y|ies)|transcripts?|logs?)\b[^.?]{0,60}?\b(?:included|"
    r"covered|disclosable|releasable|in scope|caught|searchable)\b|"
    # "could my chatgpt chats be disclosed in a subject access request?", "can a parent ask to
    # see the transcript?": what a request for records reaches
    r"\b(?:disclosed|released|come up|included|requested|asked for|handed over)\s+(?:in|under|"
    r"as part of|through)\s+(?:a\s+|an\s+)?(?:foi|freedom of information|subject access|sar|dsar)"
    r"\b|"
    r"\bcan (?:a|the) (?:parent|resident|member of the public|tenant|requester|journalist|"
    r"complainant) (?:ask|request) (?:to see|for)\b|"
    # "if IT approve another tool for me, will they be monitoring what I do with it?": what
    # happens after an approval, asked
    r"\bwill (?:they|anyone|someone|somebody|it|ict|the council|the school|my manager) (?:be )?"
    r"(?:monitoring|monitor|watching|watch|checking|keeping an eye|keep an eye|tracking)\b|"
    r"\bwill (?:our|my|the|their) (?:use|usage)(?: of (?:it|them|\w+))? be (?:checked|monitored|"
    r"audited|logged|tracked|watched)\b|"
    # "do internal emails I drafted with Copilot need a note saying AI was used?": what a use
    # must carry, asked, not a use to permit
    r"^\s*(?:do|does)\s[^?]{1,80}?\b(?:need|needs|have to have|has to have|have to carry|"
    r"has to carry)\s+(?:a|an|any|the)\s+(?:\w+\s+)?(?:note|disclaimer|label|statement|declaration|"
    r"footer|line|mention|watermark|notice)\b"
)
# "is the thing from the governors meeting sorted?": whatever it is was said somewhere else,
# however well the rest reads.
_THING_FROM = re.compile(
    r"\bthe (?:\w+ )?(?:thing|idea|stuff) (?:from|at|in) (?:the|our|my|last|yesterday)\b"
)
# "the thing she's planning", "the project they're working on": a use named only as someone's
# plan, whatever words follow
_UNSAID = re.compile(
    r"\bthe (?:\w+ )?(?:thing|idea|project|plan|stuff) (?:she|he|they|i|we|you)(?:'s|'re|'m| is| "
    r"are| am| was| were)? (?:planning|doing|working on|thinking of|thinking about|on about)\b"
)
# "is the app that types up the meeting notes ok?": a tool named only by what it does, which could
# be any product, approved or not; the use it describes is the tool, not a use of one.
_DESCRIBED_BY_USE = re.compile(
    r"\b(?:the|that|this|those|these)\s+(?:\w+\s+)?(?:app|apps|tool|tools|thing|things|one|"
    r"program|programme|software|feature|website|site|bot|extension|button|plugin|add-in|gadget)"
    r"\s+(?:that|which)\s+(?!(?:is|are|was|were|we|i|you|they|he|she|it|the|our|my|your|their|"
    r"his|her|has|have|had|can|could|will|would|should|may|might|must|does|do|did|it's)\b)"
)
# "put the report in copilot?", "ai for the list": a particular thing pointed at, and nothing said
# of what is in it or what is to be done with it.
_BARE_THING = re.compile(
    r"\b(?:the|that|this|my|our)\s+(?:list|lists|report|reports|file|files|spreadsheet|"
    r"spreadsheets|document|documents|doc|docs|data|sheet|letter|letters|email|emails|notes|"
    r"paperwork|info|information|details|figures|numbers|database|export|extract|picture|pictures|"
    r"photo|photos|image|images|recording|recordings|video|videos|footage|papers|paper|pack)\b"
)
# "the summarise feature on that document": the message ends pointing at a thing it never says
_POINTED_AT_LAST = re.compile(
    r"\b(?:on|in|into|with|for|to|of)\s+(?:that|this|these|those)\s+(?:\w+\s+)?(?:list|report|"
    r"file|files|spreadsheet|document|documents|doc|docs|data|sheet|letter|email|emails|notes|"
    r"paperwork|info|information|details|one|ones|thing|things|stuff)\W*$"
)
_ADDED_AFTER = re.compile(
    r"\b(?:i'll|i will|i'd|we'll|we will|then i|and i|i can|i)\s+"
    r"(?:put|add|merge|type|fill|write|pop)\s+(?:in\s+)?(?:the|their|her|his|them|our|each)?\s*(?:[\w']+\s+){0,2}?(?:names?|address(?:es)?|"
    r"details|personal details|contact details|them)"
    # "the names of the volunteers we're thanking": whose names, said on the way
    r"(?:\s+of\s+(?:the\s+|our\s+)?[\w']+(?:\s+(?:we're|we\s+are|i'm)\s+\w+)?)?"
    r"\s+(?:back\s+)?(?:in\s+)?(?:myself|ourselves|afterwards|after|later|outside|by\s+hand)\b"
    r"|\badd(?:ing)? them back (?:in )?(?:after|afterwards|later|myself)\b"
    # "keep out her name ... and fill those in after", "write it in by hand"
    r"|\b(?:fill|write|type|put|add|pop)\s+(?:those|them|it|that|these)\s+in\s+(?:myself|"
    r"afterwards|after|later|by\s+hand)\b"
)
_TO_A_GROUP = re.compile(
    r"\b(?:draft|drafting|write|writing|do|prepare|redo|reword|send out|tidy up|improve)\s+"
    r"(?:the|a|our|this term's|this week's|this month's)\s+(?:parents?|residents?|tenants?|pupils|"
    r"governors|staff|members|carers?|volunteers)(?:'s|')?\s+(?:letter|letters|newsletter|update|"
    r"email|bulletin|notice|briefing)\b"
    # "a 'dear parent/carer' letter about nits": one letter to every family
    r"|\bdear\s+(?:parents?|carers?|residents?)(?:\s*/\s*carers?)?['\"]?\s+(?:letter|email)\b"
)
# "explain what a safeguarding referral is", "what special guardianship orders are": a kind of
# thing asked about, nobody's record of it (never "what the tenant's diagnosis means")
_WHAT_A_THING_IS = re.compile(
    r"\bwhat\s+(?!(?:the|his|her|their|my|our|your|this|that|these|those|he|she|they|it|i|we|you)"
    r"\b)(?:an?\s+)?(?:[a-z-]+\s+){0,3}?[a-z-]+\s+(?:is|are|means|mean|involves|involve)\b"
)
# "easy read for my SEN group", "a social story for our autism base", "a worksheet for the kids
# in my class with dyslexia": who the material is for, not anything about them that goes in
_NEEDS = (
    r"(?:sen|send|eal|asd|autism|autistic|adhd|dyslexic|dyslexia|sld|mld|pmld|nurture|sensory"
    r"|additional needs|special needs|learning difficulties|learning disabilities"
    r"|hearing impairments?|visual impairments?|hearing impaired|visually impaired)"
)
_NOT_THEIRS = (
    r"(?!'|’|\s*(?:records?|notes|files?|reviews?|ehcps?|plans?|reports?|data|details|names"
    r"|information|info|targets|scores|results|assessments?)\b)"
)
_FOR_A_GROUP = re.compile(
    rf"\bfor\s+(?:(?:my|our|the|a|an|(?:two|three|four|some|a few|one) of (?:my|our))\s+)?"
    rf"(?:[\w-]+\s+){{0,2}}?{_NEEDS}\s+(?:group|groups|base|unit|pupils|students|learners|kids"
    rf"|children|class|classes|provision|set|sets|cohort|department|readers|users){_NOT_THEIRS}"
    rf"|\bfor\s+(?:the\s+)?(?:pupils|kids|children|students|learners|people|residents|tenants"
    rf"|adults|readers|users|families)\s+(?:(?:in|from) (?:my|our) (?:\w+\s+)?(?:class|group|"
    rf"school|set)\s+)?with\s+{_NEEDS}\b{_NOT_THEIRS}"
)
# "tidy up my emails", "proofread our letters": the person's own writing, and what is done to it
_OWN_WRITING_EDITED = re.compile(
    r"\b(?:tidy|tidying|tidy up|tidying up|proofread|proof-read|proof read|reword|rephrase|polish|"
    r"improve|shorten|edit|format|spell-?check|check the spelling (?:in|of)|correct the grammar"
    r" (?:in|of)|fix the grammar (?:in|of)|sharpen up|smarten up)\s+(?:up\s+)?(?:all\s+)?"
    r"(?:my|our)\s+(?:own\s+)?(?:emails?|letters?|notes|reports?|documents?|docs?|writing|drafts?)\b"
)
# "wants to use it for the report": "it" is a tool, but nothing in the message says which.
_USE_IT = re.compile(
    r"\b(?:use|using|try|trying|put (?:this|that|them) (?:in|into))\s+it\b"
    r"|\b(?:get|getting|ask|asking|have|having|let|letting)\s+it\s+(?:to\s+)?(?:do|write|draft|"
    r"make|summarise|summarize|sort|check|fill|send)\b"
)
_AI_NAMED = re.compile(r"\b(?:ai|a\.i\.|genai|gen ai|chatbot|bot|gpt|llm|assistant)\b")
# "use AI for everything from now on": no one use to judge
_EVERYTHING = re.compile(
    r"\bfor (?:everything|all of it|all my work|all of my work|all my tasks|the lot|anything)\b"
    r"|\bthe lot\b"
)
# "can it do the lists for thursday": the one to act is a pronoun, and nothing says what it is.
_UNNAMED_ACTOR = re.compile(
    r"\s*(?:can|could|will|would|should)\s+(?:it|they|that|this)\s+(?!be\b)"
)
_YES = frozenset({Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS})
# Circumstances that colour a use but are not one ("housing", "publish"): on their own they do
# not make a question judgeable.
CONTEXT_SIGNALS = frozenset({"human_review", "critical_matter", "publish", "personal_device_work"})
# "Housing stuff", "for the social care bits": a field of work, not a use.
# "can I use Claude for work stuff?": work in general is no particular use, so the question is
# the tool's alone, as "can I use Claude?" is
WORK_IN_GENERAL = re.compile(
    r"\b(?:for|at|in)\s+(?:my\s+|our\s+|general\s+|everyday\s+|day[- ]to[- ]day\s+)?"
    r"(?:work|job|role|day job)(?:\s+(?:stuff|things|purposes|tasks|related stuff|related things))?"
    r"(?=\s*(?:[?.!,]|$|please|then|now|too|generally|in general))",
    re.IGNORECASE,
)
_STUFF = re.compile(r"\b(?:stuff|bits|things)\b")
_STUFF_OF = re.compile(
    r"\b(?:bits|things|stuff)\s+(?:of|from|about|on)\s+"
    r"(?!the\b|this\b|that\b|these\b|those\b|it\b|them\b|my\b|our\b|yesterday\b)\w+"
    # "stuff like opening hours", "general stuff", "process stuff only": what it is, said
    r"|\b(?:bits|things|stuff)\s+(?:like|such\s+as)\b"
    r"|\b(?:general|generic|usual|common|standard|simple|basic|everyday|process)\s+"
    r"(?:stuff|bits|things)\b"
    # "google things for work", "look stuff up", "it gets things wrong": no object of the use
    r"|\b(?:google|googling|search|look)\s+(?:things|stuff)\b"
    r"|\b(?:gets?|got|getting|doing|do)\s+(?:\w+\s+)?things\s+wrong\b"
)
_NO_STUFF = re.compile(
    r"\b(?:no|not|not any|nothing|without any|without)\s+(?:\w+\s+)?(?:stuff|bits|things)\b"
)
# A question about a tool says what it asks: to use it, or whether it is allowed.
_ASKS_USE = re.compile(
    r"\b(?:use|using|used|try|install|get|have|access|ok|okay|alright|allowed|approved|fine|"
    r"permitted|safe|acceptable|covered|write|draft|make|do|help|for|to)\b"
)
# "What about images?", "and for housing?": a follow-up, but there is nothing before it.
_DANGLING = re.compile(r"\s*(?:and\s+)?(?:what|how)\s+about\b|\s*(?:and|or)\s+(?:for|with|if)\b")
# "What do I need to put in a request?" asks for information even though it says "do I need";
# so do "do I have to label it?", "is there training?" and "should I put a note on it?".
_WH_QUESTION = re.compile(
    r"\s*(?:(?:hi|hello|sorry|quick q(?:uestion)?|question)[,:!.\s-]+)?"
    r"(?:what|who|whom|whose|when|where|which|why|how)\b(?!\s+(?:about|if)\b)"
    # the same after saying who is asking: "I'm the DPO - what am I responsible for?"
    r"|\s*(?:(?:i'?m|i am)\s+(?:a|an|the|one of the)\s+[\w' /&-]{2,40}?|[\w' /&-]{2,40}?\s+here|"
    r"(?!on behalf)[\w' /&-]{2,30}?(?=\s*:))"
    # ("when" and "where" after a role start a story: "contact centre: when the AI suggests...")
    r"\s*(?:[-,:.\u2013\u2014]+\s*)+(?:what|who|whom|whose|which|why|how)\b"
    r"(?!\s+(?:about|if)\b)"
    # who carries a duty: "is it the trust board that has to make sure the policy ...?"
    r"|\s*(?:[\w' /&-]{2,40}:\s*)?is it (?:the|my|our|a|an)\s+[^?]{1,60}?\b(?:that|who|which)\s+"
    r"(?:has to|have to|must|needs to|need to|is responsible|are responsible|decides|approves|"
    r"signs off|owns|checks)\b"
    # a rule put to the bot to confirm: "is it right that I don't need to disclose ...?"
    r"|\s*(?:is it|is that)\s+(?:right|true|correct)\s+(?:that|to say)\b"
    # what becomes of a record: "will my Copilot chats be kept for audit?"
    r"|\s*(?:will|would|are|is|do|does)\s+(?:my|our|the|your|these|those)\s+[^?]{0,40}?\b(?:be\s+)?"
    r"(?:kept|stored|retained|logged|recorded|monitored|audited|saved|archived)\b"
    # whether something must carry a label: "should AI images in the newsletter be marked as AI?"
    r"|\s*(?:should|must|do|does|will|would|shall)\s[^?]{1,80}?\bbe\s+(?:marked|labelled|labeled|"
    r"flagged|declared|disclosed|credited|watermarked|identified|tagged|badged)\b"
    # which way a record goes: "do we keep the recap with the minutes or can it be deleted?"
    r"|[^?]{0,120}?\b(?:do|should|must|can)\s+(?:we|i|you)\s+(?:keep|retain|store|save|file|"
    r"hold on to)\b[^?]{0,80}?\bor\b[^?]{0,40}?\b(?:delete|deleted|bin|binned|get rid|destroy|"
    r"destroyed|thrown away|throw away)\b"
    r"|[^?]{0,200}?\b(?:do|does|did|will|would|must)\s+(?:(?:i|we|you|they|it|this|that|these|"
    r"residents|parents|staff|councillors|members|governors|tenants|people|someone|anyone|ai|"
    r"anything|everything|"
    r"she|he|her|him)\b"
    r"(?!\s+be\s+(?:allowed|ok|okay|permitted|fine|acceptable|alright))"
    # "does the policy cover...", but not "do the means test": after a determiner, a noun first
    r"|(?:our|my|the|an?|every|each|all)\s+[\w'-]+)"
    r"[^?]{0,60}?\b(?:need|needs|have to|has to|require|requires|"
    # (not "we apply whatever band it gives": a use, not whether the policy applies)
    r"apply(?!\s+(?:whatever|what|its|their|it|them|for|a|an)\b)|applies|cover|covers|count|"
    r"counts|mean|means|matter|matters)\b(?!\s+(?:approval|"
    r"permission|sign[- ]?off|signing off|authorisation|authorization|anything|clearance|"
    r"the go-ahead|the ok|a green light|to ask|to check with)\b)"
    r"|[^?]{0,80}?\b(?:is|are)\s+there\s+(?:a|an|any|some|extra|more|further|additional|"
    r"specific|special|standard|set|recommended|official|agreed|particular|usual)\b"
    r"(?!\s+(?:problem|issue|reason|harm)\b)"
    r"|[^?]{0,80}?\bshould\s+(?:i|we)\s+(?:put|say|mention|label|declare|tell|report|record|log|"
    r"keep|disclose|flag|add|include|note|inform|let|talk to|speak to|check with|consult|"
    r"ask my|ask our|ask the)\b"
    # "do I personally approve AI tools?", "will support staff get any training?"
    r"|[^?]{0,60}?\b(?:do|would|will)\s+(?:i|we)\s+(?:personally\s+|also\s+|still\s+)?"
    r"(?:approve|sign off|authorise|authorize|own|oversee|monitor)\s+(?:ai|genai|new|the|any|"
    r"other)\b"
    r"|[^?]{0,60}?\bwill\s+(?:staff|support staff|teachers|we|i|everyone|members|councillors|"
    r"governors|managers)\s+(?:get|have|be given|be offered|need)\s+(?:any\s+|some\s+)?"
    r"(?:training|guidance|support)\b"
    r"|[^?]{0,60}?\b(?:are|am)\s+(?:we|i|staff|teachers)\s+(?:getting|going to get|being given|"
    r"being offered)\s+(?:any\s+|some\s+)?(?:training|guidance|support)\b"
    # "does Microsoft use our Teams recordings ... to train its models?"
    r"|[^?]{0,60}?\b(?:does|do|will|would)\s+(?:microsoft|google|openai|copilot|chatgpt|gemini|"
    r"the supplier|the vendor|they)\s+use\s+(?:our|my|the)\b[^?]{0,80}?\bto (?:train|improve)\b"
    # "can a resident challenge a decision AI was involved in?": a right, asked about
    r"|[^?]{0,60}?\bcan\s+(?:a|the|our)\s+(?:resident|parent|pupil|member of the public|"
    r"applicant|tenant|customer|claimant|candidate|person)\s+(?:challenge|appeal|complain|"
    r"ask for a human|request a human|opt out|object)\b"
    # a person's right, asked about: "can she ask for an actual person to look at it again?"
    r"|[^?]{0,200}?\bcan (?:she|he|they|i|a resident|the resident|residents|a parent|parents|"
    r"the applicant|applicants|people)\s+(?:ask|request|get|have|insist on)\s+(?:for\s+)?"
    r"(?:a|an|the)\s+(?:actual\s+|real\s+)?(?:person|human|officer|member of staff)\b"
    r"|[^?]{0,200}?\bwhat (?:are|is) (?:they|she|he|residents|the resident|parents|people)\s+"
    r"entitled to\b"
    r"|[^?]{0,200}?(?:[,.;:!]|\s[\u2013\u2014-])\s*which (?:one|policy|rule|set of rules) "
    r"(?:wins|applies|"
    r"takes precedence|comes first)\b"
    r"|[^?]{0,200}?[.!?]\s+(?:where|who|how)\s+(?:can|do|should|would)\s+(?:they|i|we|he|she|"
    r"residents|parents|people)\s+(?:find out|go|ask|get|complain|see|look)\b"
    r"|[^?]{0,200}?\b(?:am i|are we|are they|are my|are the|is my|is our)\s+(?:\w+\s+)?(?:covered|"
    r"responsible|required|expected|obliged|foi|subject|classed|counted|considered|kept|"
    r"the same|bound)\b"
    r"|\s*(?:is|are)\s+[^?]{0,60}\b(?:covered by|subject to|classed as|counted as|the same as)\b"
    r"|(?:[^?]*[.!]\s+)?\s*(?:is|are)\s+[^?]{0,60}\b(?:mandatory|compulsory|required|needed|"
    r"necessary|optional|"
    r"a must|good practice|"
    r"voluntary|reviewed|retained|stored|kept|disclosable|foi-able|foiable|logged|recorded)\b"
    r"|\s*(?:does|do|will|can)\s+(?:copilot|chatgpt|gemini|claude|it|the ai|ai|the tool|the bot)\s+"
    r"(?:honour|honor|respect|store|keep|retain|save|record|log|share|train|learn|remember|see|"
    r"access|read|use our|use my)\b"
    # (but "can the AI read the CVs and tell me who to shortlist?" asks for a use)
    r"(?![^?.]*\b(?:and|then|to)\s+(?:tell|decide|pick|choose|shortlist|write|draft|summari[sz]e|"
    r"score|rank|flag|mark|grade|produce|give|suggest|work out|say|recommend|assess|sort|reply|"
    r"respond|answer|identify|predict)\b)"
    # "can you tell me who approves", not "have Copilot ... tell me who should go on a PIP"
    r"|[^?]{0,150}?(?:[,.;:!]\s*|(?:^|[,.;:!]\s*|\byou\s+|\bplease\s+)(?:tell me|confirm|"
    r"let me know|explain)\s+)(?:who|whom)\b"
    r"|[^?]{0,150}?[,.;:!]\s*(?:what|how)\s+(?:do|should|must|can|am|are)\s+(?:i|we)\s+"
    r"(?:supposed to |meant to |expected to )?(?:do|report|ask|get|request|apply|tell|handle|"
    r"keep|have kept|store|retain|record|log)\b"
    r"|[^?]{0,200}?[,.;:!]\s*(?:which|what)\s+(?:\w+\s+)?(?:am i|are we|should i|should we)\s+"
    r"(?:supposed to|meant to|expected to)?\s*(?:pick|choose|use|select|go for)\b"
    # "Will IT be able to see what I asked?", "does it send our data off to train ...?"
    r"|[^?]{0,200}?\b(?:will|can|could|would|does|do)\s+(?:my manager|managers|anyone|someone|"
    r"they|the council|microsoft|it services|the it team|it team|ict|i\.t\.|the school|the trust)"
    r"\s+(?:be able to\s+)?(?:see|read|access|monitor|check|track|look at)\b"
    r"|(?:[^?]*[.?!]\s*)?(?:does|do|will|would)\s+(?:it|copilot|chatgpt|gemini|the ai|they|"
    r"microsoft|google|openai)\s+(?:\w+\s+){0,2}(?:send|share|store|keep|train|sell|learn|"
    r"see|save)\b"
    # a claim put to the bot to confirm: "my group leader says it's approved. true?"
    r"|[^?]{0,200}\b(?:says|said|told me|reckons|claims)\b[^?]{0,120}(?:\btrue|\bcorrect)"
    r"\s*\?\s*$"
    # an approver asking about their own authority: "Can I sign off the team using Otter?"
    r"|[^?]{0,120}?\bcan i\s+(?:sign off|approve|authorise|authorize|give permission for)\s+"
    r"(?:[\w'-]+\s+){0,7}(?:team|staff|colleagues|department|service|officers)\b"
    r"|\s*(?:please\s+)?(?:tell me|confirm|let me know|explain)\b"
    r"|\s*(?:is it|is that|is this)\s+true\b"
    r"|\s*(?:is|are|does|do|will|has|was|can)\s+(?:the|this|our|your)\s+(?:ai\s+|genai\s+)?"
    r"polic(?:y|ies)\b"
    r"|\s*(?:do|does|did)\s+[\w' -]{1,40}?\s+(?:count|counts|apply|applies|cover|covers|mean|"
    r"means|override|overrides)\b"
    r"|\s*(?:will|do|does|is|are|would)\s+(?:staff|we|i|you|pupils|teachers|governors|parents|"
    r"there|everyone|councillors|members)\s+(?:\w+ly\s+)?(?:get|be given|receive|be offered|"
    r"be trained|have to do|need to do|be told|be informed|be consulted|get a say)\b"
)
# "Will IT be able to see what I asked Copilot?": the IT department, told apart from "it" by case.
# A clause that asks about the policy after the story: "... - which one wins?", "what handover
# do we get?", "are we the ones who approve?", "so it doesn't apply to me?"
_ASKS_AFTER = re.compile(
    r"(?:^|[.?!,;:\u2013\u2014-]\s*)(?:what|which|who|whom|how|are we the ones|is it us)\b"
    r"(?!\s+(?:if|about)\b)[^.?!]*\?"
    r"|\b(?:doesn't|does not|don't|do not|wouldn't|would not)\s+(?:apply|count|cover)\b[^.?!]*\?"
)
_ASKS_DUTIES = re.compile(
    r"\b(?:is there )?anything (?:else )?(?:(?:in the policy|i|we|she|he|they) )*"
    r"(?:need|needs|should|have|has|must|ought) to (?:do|know|bear in mind|think about|consider|"
    r"watch out for|be aware of)\b|\bwhat (?:do|should) (?:i|we) (?:need to )?do (?:first|before)\b"
    r"|\b(?:is there )?anything wrong with (?:me|us|my|our|that|this|doing)\b"
    # "we're buying licences for an AI tool - what's the process?": the approval the use needs
    r"|\bwhat(?:'s| is) the process\b|\bwhat do (?:i|we) (?:need|have) to do\b"
    # "we'd like a chatbot on the website - what do we need?", "what's needed before go-live?"
    # (the whole of the question's end: "what do we need to check before buying?" is a question
    # about the policy)
    r"|\bwhat (?:do|would|will) (?:i|we|they) need(?: to do)?(?: first)?\W*$"
    r"|\bwhat(?:'s| is| would be) (?:needed|required)(?: first| before go-?live)?\W*$"
    r"|\bwhat (?:needs|has) to happen(?: first)?\W*$"
    r"|\bcan (?:we|i) just (?:start|go ahead|crack on|get on with it|switch it on|turn it on)\b"
)
# "Who has to approve the AI bit?", "do they need anyone's ok first?", "that counts as sign-off,
# doesn't it?": the approval a use needs, asked of that use
_ASKS_APPROVER = re.compile(
    r"\bwho (?:has to|needs to|must|should|would|will|do (?:i|we) need to)\s+(?:approve|sign)"
    r"|\bwhat approvals?\b"
    r"|\bneed (?:anyone'?s|anybody'?s|someone'?s) (?:ok|okay|sign.?off|approval)"
    r"|\b(?:counts? as|is that the) sign.?off\b|\bdo (?:i|we|they) need (?:sign.?off|approval)\b"
    r"|\bdo (?:i|we) need to tell anyone\b"
    # "is Copilot Chat in Teams the approved one?", "is copilot in edge approved or not?"
    r"|^(?:is|are) (?:[\w'-]+\s+){1,6}the\s+approved\s+(?:one|version|tool)\b"
)
# "we want an AI rota tool for the crematorium staff, does that need a DPIA?", "could the trust buy
# a monitoring tool that uses AI? who decides": bringing in a new AI system, and asking what that
# takes, is asking about a use the policies gate (procurement), not about the policy
_ADOPTING = re.compile(
    r"\b(?:we|i|the (?:council|school|trust|service|team|department)|our (?:team|service|school))"
    r"(?:\s+(?:want|wants|would like|are (?:thinking|looking|planning|hoping)|"
    r"am (?:thinking|looking|planning|hoping)|plan|might|could|should|are considering|"
    r"am considering|have been offered|were offered)"
    r"|'d like|'re (?:thinking|looking|planning|hoping|considering)"
    r"|'m (?:thinking|looking|planning|hoping|considering)|'ve been offered)\b"
    r"(?:\s+[\w'-]+){0,5}?\s+(?:an?|the|some|this|their)\s+(?!approved\b|existing\b|same\b)"
    r"(?:new\s+)?(?:[\w-]+\s+){0,2}?(?:ai|genai|ai-powered|ai powered)\s+"
    # a plain "AI tool" is any tool; a kind of one ("an AI rota tool") or a system is bought
    r"(?:[\w-]+\s+(?:tool|system|platform|app|software|product|solution|chatbot|assistant|"
    r"service|model)s?|(?:system|platform|app|software|product|solution|chatbot|model)s?)\b"
    r"|\b(?:sign(?:ing)? up|signed up|go(?:ing)? with|contract(?:ing)? with)\b[^.?]{0,60}"
    r"\b(?:whose|with its|that uses|using its|with an?)\s+(?:own\s+)?ai\b"
    r"|\b(?:buy|procure|trial|pilot|bring in|introduce|adopt|commission)\s+(?:an?|the|some)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:tool|system|platform|app|software|product)s?\s+(?:that|which)\s+"
    r"uses?\s+ai\b"
)
_PROCESS_ASK = re.compile(
    r"\bwhat do (?:we|i) need(?: to do)?\b|\bwhat (?:needs|has) to happen\b"
    r"|\bwhere do (?:we|i) start\b|\banything (?:i|we) (?:need|have) to do\b"
    r"|\bhow do (?:we|i) get (?:it|that|this|one|them)\s+(?:signed off|approved|agreed|cleared)"
    r"|\bwho decides\b|\bwho signs (?:it|that|this) off\b"
    r"|\b(?:does|would|will) (?:that|it|this) need (?:a dpia|approval|sign.?off)"
    r"|\bdo (?:we|i) need (?:a dpia|approval|sign.?off)|\bcan (?:we|they|i) just go ahead\b"
    r"|\bwhat'?s the process\b|\bwhat is the process\b"
)
_TEACHING = frozenset({"awareness", "training", "simulation", "simulations", "exercise", "quiz"})
_FICTION = re.compile(
    r"\b(?:fictional|fictitious|imaginary|made.up|scenarios?|tabletop|role.?play"
    r"|case stud(?:y|ies))\b"
)
_PLANNING = frozenset({"can", "could", "may", "might", "should", "shall", "will", "would", "to"})
# "an example phishing email for staff training": one to make, not one received
_AN_EXAMPLE = frozenset({"example", "sample", "mock", "simulated", "dummy", "pretend", "fake"})
# The person's answer to "has this already happened?": asking before doing it
_NOT_DONE_YET = re.compile(
    r"\bnot yet\b|\bhaven'?t (?:done|sent|pasted|put|shared|used) (?:it|anything)\b|"
    r"\basking (?:before|first)\b|\bbefore i (?:do|send|paste|put|share|use) it\b"
)
# The policy named, or what it expects asked, whatever use comes with the question
_NAMES_POLICY = re.compile(
    r"\b(?:the|our|this|your|ai) polic(?:y|ies)\b|\b(?:am i|are we|are they|is it|is he|is she)\s+"
    r"(?:the ones\s+)?(?:meant|supposed|expected|required|obliged)\s+to\b"
)
# What other people already did, reported: "some year 8s used the school AI to make ...", "my
# student used AI in her coursework and did not say", "pupils have found a way round ...".
_OTHERS_DID = re.compile(
    r"\b(?:pupils?|students?|year \d+s|kids|children|a colleague|colleagues|someone|somebody|"
    r"my (?:student|pupil|colleague)|our (?:supplier|vendor)|^colleague|one of my team|"
    r"one of mine|one of my (?:staff|officers|team members))\b"
    r"(?:\s+\w+){0,3}?\s+(?:used|have found|has found|have used|has used|made|have made|"
    r"are getting|have been|has been|uploaded|pasted|shared|put|keeps|is using|is pasting|"
    r"is putting|uses|pastes|puts|uploads|shares)\b"
    r"|\bwe(?:'ve| have) found\b"
)
# Whether to tell anyone of what someone else did with AI
_WHETHER_TO_TELL = re.compile(
    r"\b(?:don'?t|do not|dont) want to get (?:him|her|them|anyone|my colleague|a colleague) "
    r"in(?:to)? trouble\b"
    r"|\bshould i (?:just )?(?:leave it|say (?:something|anything)|report (?:it|this|them|him|her)|"
    r"tell (?:someone|anyone|my manager|them|him|her))\b"
    r"|\bwhat should i (?:be )?(?:do|doing)\b(?:\s+(?:about it|as (?:his|her|their) manager))?"
)
# Asked about the policy or the organisation, not for a use: "does our AI policy let us refuse
# them?", "are we meant to be reviewing the AI policy?", "which one do I follow?", "does the
# council tell the public what AI it uses?", "will AI lead to job cuts?"
_WH_LATE = re.compile(
    r"(?:[,.;:?!]|\s-)\s*(?:so\s+|then\s+|and\s+)?(?:which|where|what|who|how)\s+"
    r"(?:do|does|did|should|can|could|would|will|is|are|was)\b"
    r"|\bis (?:that|this|it) (?:a problem|an issue|allowed under)\b"
    r"|\bunder (?:this|the) policy,? or not\b|\bin a nutshell\b"
    r"|\b(?:is there|are there) (?:actual|any|real)\s+(?:ai\s+)?(?:law|laws|rules|legislation)\b"
)
_ABOUT_POLICY = re.compile(
    r"\b(?:does|do|will|would|is|are|can|could)\s+(?:the|our|this|your)\s+(?:ai\s+|genai\s+)?"
    r"polic(?:y|ies)\s+(?:cover|apply|say|mean|require|expect|stop|ban)\b"
    # "have I signed up to anything?", "is spellcheck 'AI' under this policy?"
    r"|\b(?:have i|have we) (?:signed up|agreed) to (?:anything|something)\b"
    r"|\bam i agreeing to (?:anything|something)\b|\bai'? under (?:this|the) policy\b"
    r"|\b(?:am i|are we|are they|is it|is he|is she)\s+"
    r"(?:even\s+|actually\s+|as (?:an?|the) (?:\w+\s+){1,3}?)?(?:meant|supposed|"
    r"expected|required|obliged)\s+to\s+(?:be\s+)?(?!use\b|paste\b|put\b|upload\b)"
    r"|\bwhich (?:one|policy)\s+(?:do|should|must)\s+(?:i|we)\s+(?:follow|go with|use)\b"
    r"|^\s*(?:does|do|will|would)\s+the\s+(?:council|school|trust)\s+(?:tell|publish|let|allow|"
    r"monitor|check|review|consult|train|provide|want|actually want)\b"
    r"|^\s*will ai\s+(?:lead|replace|take|mean|cost)\b"
    # "is the fraud model covered by this policy?", "do callers have to be told it's a bot?",
    # "what do we owe them?"
    r"|^\s*(?:is|are) (?:the|our|a|an|this|these|those) [\w' -]{1,80}?(?:covered|caught|included) "
    r"by (?:the|this|our|your) (?:ai |genai )?polic(?:y|ies)\b"
    r"|\b(?:do|does|will|would|must) (?:\w+\s+){1,3}?(?:have|need) to be (?:told|informed|"
    r"consulted|notified|asked|offered)\b"
    r"|\bwhat do (?:we|i) owe\b"
    # the consequences of what was done, and how to report it: "will I get disciplined?",
    # "should I say something?", "can I just leave it?"
    r"|\b(?:will|am) i (?:get|be|going to be|going to get) (?:disciplined|sacked|fired|"
    r"in trouble|punished|told off)\b|\bshould i (?:say something|speak up|report (?:it|this|them|"
    r"her|him)|tell (?:someone|anyone|my manager))\b|\bcan i just leave it\W*$"
    r"|\bhow (?:would|do|should|can) i report\b|\bwhat would happen to (?:them|me|him|her)\b"
    r"|\bhow does (?:she|he|they) do that\b|\bdo i report it\b"
    # what the organisation does or holds: "what's our position?", "is the council doing
    # anything about ...?", "whether the council publishes ...", "is there going to be training?"
    r"|\bwhat(?:'s| is) (?:our|the council'?s|the school'?s|the trust'?s) "
    r"(?:position|stance|line)\b"
    r"|^\s*is the (?:council|school|trust) (?:doing|planning|going to do) anything\b"
    r"|\bwhether the (?:council|school|trust) (?:publishes|tells|lists)\b"
    r"|^\s*(?:is|will) there (?:going to be |be )?any training\b"
    r"|\bhas anyone (?:checked|looked at) (?:whether |if )?(?:this|the) (?:ai )?policy\b"
    r"|\bwhich parts? of the (?:ai )?policy\b"
)
# "is copilot going to replace my job?", "is AI going to be making decisions about residents?":
# what the AI will do, asked of the organisation's plans or the tool's workings, not a use
_GOING_TO_DO = re.compile(
    r"(?:^|[.?!,:;-]\s*|\bhonest question\W+)(?:so\s+)?(?:is|are)\s+(?:the\s+|our\s+)?"
    r"(?:ai|genai|it|they|copilot|chatgpt|gemini|claude)\s+going\s+to\s+(?:be\s+)?"
    r"(?:replac\w*|train\w*|use|using|used|see|read|keep|store|share|monitor\w*|track\w*|"
    r"watch\w*|listen\w*|learn\w*|access\w*|remember|mak\w* decisions|decid\w*|tak\w* over)\b"
)
_IT_SEES = re.compile(
    r"\b(?i:will|can|could|would|does|do)\s+IT\s+(?i:be\s+able\s+to\s+)?"
    r"(?i:see|read|access|monitor|check|track|look\s+at)\b"
)
# "if a doc is labelled OFFICIAL-SENSITIVE can Copilot still read it?": what the tool does with a
# protective marking, a question about how it works, not a use to judge
_MARKING_HONOURED = re.compile(
    r"\b(?:labelled|labeled|marked|classified|protected|encrypted)\b[^?.]{0,80}?"
    r"\b(?:can|could|will|would|does)\s+(?:copilot|it|the ai|\w+)\s+(?:still\s+)?"
    r"(?:be\s+able\s+to\s+)?(?:read|see|open|access|get\s+at|get\s+into)\b"
)
# "if I ask Copilot about the restructure will it show me my manager's emails?": what the tool
# can reach is how it works (permissions), not a use
_ACCESS_ASKED = re.compile(
    r"\b(?:will|would|does|could|can|might) (?:it|copilot|the ai|\w+) (?:show|give|let) (?:me|us)"
    r"(?: see)?\s+(?:\w+\s+){0,2}?(?:my manager'?s|my boss'?s|other people'?s|someone else'?s|"
    r"colleagues'?|things i (?:don't|do not|shouldn't)|files i (?:don't|do not)|emails i (?:don't|"
    r"do not))"
)
# "Can Copilot ...", "Is Gemini OK ...", "Should we ...": asking for permission. ("Does Copilot
# train on our data?" asks a fact, so a leading do/does is not enough.)
_PERMISSION_START = re.compile(
    r"\s*(?:please\s+|hi\s+|hello\s+)?(?:can|could|may|might|should|shall|am|are|is|would|will)\b"
    r"|\s*(?:(?:i|we)(?:'d| would)?\s+)?(?:want|wanna|like|planning|thinking|looking|hoping|"
    r"intending)\s+(?:to|of|about)\b"
    # "want ai to design a poster ...", "need copilot to ...": a use asked for
    r"|\s*(?:(?:i|we)(?:'d| would)?\s+)?(?:want|wanna|need|like)\s+(?:the\s+)?(?:ai|genai|copilot|"
    r"chatgpt|gemini|claude)\s+to\b"
    # typed in a hurry: "ai to make an id sheet of fungi for the kids", "copilot to draft ..."
    r"|\s*(?:[a-z]+(?:\s+[a-z]+){0,2}\s*[-:]\s*)?"
    r"(?:ai|genai|copilot|co-?pilot|chat ?gpt|gemini|claude)\s+to\s+"
    r"(?:make|draft|write|create|do|help|turn|come up|generate|summarise|summarize|produce|tidy|"
    r"check|plan|build|translate|simplify|rewrite|sort|format|design|suggest|put)\b"
)


@dataclass
class Reading:
    text: str
    tokens: list[Token]
    concepts: list[str]
    tools: list[ToolHit] = field(default_factory=list)
    data: set[str] = field(default_factory=set)
    data_from_identifiers: set[str] = field(default_factory=set)
    identifiers: list[str] = field(default_factory=list)
    absent: set[str] = field(default_factory=set)  # "no_personal", "only_public"
    signals: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    purposes: list[tuple[str, float]] = field(default_factory=list)
    faq: tuple[str, float] | None = None
    section: tuple[str, float] | None = None  # the clause an information question is about
    information_cue: bool = False
    permission_form: bool = False
    # Token positions some cue accounted for, and the risk words none did ("decide", "lying"):
    # a yes needs the risky words of a question to have been understood.
    explained: set[int] = field(default_factory=set)
    # words saying what the person does themselves ("I'll mark them myself"), not the AI
    own_doing: set[int] = field(default_factory=set)
    decided: list[range] = field(default_factory=list)  # words telling a decision a person made
    unread_risks: list[str] = field(default_factory=list)
    review_conflict: bool = False  # read both as checked and as not checked
    question_form: bool = False  # starts with who/what/when/... rather than "can I"
    # a question about the policy asked after a story ("... - which one wins?"), or a report of
    # what others did ("some year 8s used the school AI to ...")
    asks_after: bool = False
    reports_others: bool = False
    # the policy named, or what it expects asked ("am I meant to ...?")
    names_policy: bool = False
    # "... anything I need to do?": the duties of the use just described, asked for
    asks_duties: bool = False
    asks_what_it_does: bool = False  # "will Copilot show me files from HR?"
    # "who has to approve it?", "that counts as sign-off?": the approval of the use described
    asks_approver: bool = False
    # "I pasted ...", "it's already in ...": perhaps already done (see lexicon maybe_done)
    maybe_done: bool = False
    # how the person says the tool is approved or provided, as typed ("the one IT installed")
    given: list[str] = field(default_factory=list)
    # ... of those, an approval said to come from an approver ("the Head of IT signed it off")
    approved: list[str] = field(default_factory=list)
    # The tool taken, on the verdict reader's word, for one the organisation may have given the
    # person (knowledge.engine._presumed): answered as a claim is, on condition it is true.
    presumed: bool = False
    # "I'm writing it myself, no AI involved": work the person says uses no AI at all
    no_ai: bool = False
    taking_part: bool = False
    outside_work: bool = False
    vague: bool = False  # "the thing we discussed", "what about images": nothing to judge alone
    content: int = 0  # words that say something (not stop words, vague words or the tool)
    unexplained: list[str] = field(default_factory=list)  # of those, words the engine never uses

    @property
    def claimed(self) -> bool:
        """The person says the tool is approved or provided (a claim, never proof)."""
        return bool(self.given)

    @property
    def tool(self) -> ToolHit | None:
        return self.tools[0] if self.tools else None

    @property
    def from_example(self) -> bool:
        """A use matched from one of the policy's examples, not from a single cue word."""
        return any(score > SHORT_EXAMPLE for _, score in self.purposes)

    @property
    def well_read(self) -> bool:
        """A use matched closely enough to stand on its own ("minutes of a team meeting")."""
        return any(score >= PURPOSE_CONFIDENT for _, score in self.purposes)

    @property
    def understood(self) -> bool:
        """Anything at all to answer from."""
        meaningful = self.signals - {"human_review"}
        return bool(self.tools or self.purposes or self.data or meaningful or self.faq)


def read_question(policy: Policy, question: str) -> Reading:
    text, reported = _unframe(normalise(question))
    tokens = tokenise(text)
    found = [hit for hit in policy.tool_index.find(text, tokens) if _counts(policy, hit)]
    tools = _by_subject(policy, tokens, found)
    in_tool = {i for hit in tools for i in range(hit.first, hit.last)}
    # One pass for both readings: the FAQ index also counts the stop words it keeps ("who").
    lexicon = policy.lexicon
    faq_concepts = [
        c for c in concepts_of(tokens, lexicon, keep=lexicon.faq_keep) if c.first not in in_tool
    ]
    concepts = [c for c in faq_concepts if not c.kept]
    # "I'd still do the marking", "I'll mark them myself": what the person does is not the use
    # they ask about, so it does not choose the purpose
    lowered = text.lower()
    own = {i for span in _spans(tokens, _SELF_DONE, lowered) for i in span}
    decisions = [
        (m, span) for m in _HUMAN_DECIDES.finditer(lowered) if (span := _token_span(tokens, m))
    ]
    # "our service desk enabled Copilot for us": how the tool came is a claim about it, not a
    # use or a deployment the person asks about
    approvals = _approved_by(policy, text)
    provided = _provided(text) + approvals
    given = {i for m in provided for i in _token_span(tokens, m)}
    own |= given
    # "pupils using AI in my lesson": pupils' use, in the lesson it happens in; the lesson is
    # where, not what (no lesson is being planned), so it does not choose the purpose either
    if _PUPILS_USE.search(lowered):
        own |= {i for span in _spans(tokens, _IN_LESSON, lowered) for i in span}
    # "a mark scheme", "a bank of generic feedback comments", "fake pupils with made-up grades":
    # things made for marking or about marks, not pupils' work marked, so they do not choose it
    own |= {i for span in _spans(tokens, _ABOUT_MARKS, lowered) for i in span}
    reading = Reading(text, tokens, [c.name for c in concepts if c.first not in own], tools)
    reading.own_doing = own
    reading.decided = [span for m, span in decisions if _TAKEN.search(m.group(0))]
    reading.given = [m.group(0) for m in provided]
    reading.approved = [m.group(0) for m in approvals]
    _explain(reading, [(i, i + 1) for i in given])
    # who decides, said of a person, is read (its words still cue "a person decides")
    _explain(reading, [(span.start, span.stop) for _, span in decisions])
    _read_data(policy, reading, concepts)
    _read_signals(policy, reading, concepts)
    reading.purposes = _purposes(policy, reading)
    if policy.lexicon.risk_words.intersection(t.text.lower() for t in tokens):
        explained = policy.explained_matcher.find(concepts, tokens)
        _explain(reading, [(h.first, h.last) for h in explained])
        reading.unread_risks = _unread_risks(policy, reading)
        if _FICTION.search(lowered):
            # "invent a flooding scenario for a tabletop exercise - obviously fictional"
            reading.unread_risks = [w for w in reading.unread_risks if not w.startswith("invent")]
    faq_scores = policy.faq_index.scores(
        (c.name for c in faq_concepts), weak=policy.faq_weak, floor=FAQ_THRESHOLD
    )
    if faq_scores:
        best = max(faq_scores.items(), key=lambda item: (item[1], -policy.faq_order[item[0]]))
        reading.faq = best if best[1] >= FAQ_THRESHOLD else None
    starts = _clause_starts(text, tokens)
    reading.information_cue = any(
        hit.first - _clause_start(starts, hit.first) <= 3
        for hit in policy.information_matcher.find(concepts, tokens)
    )
    reading.question_form = bool(
        _WH_QUESTION.match(lowered)
        or _ABOUT_POLICY.search(lowered)
        or _IT_SEES.search(text)
        or _MARKING_HONOURED.search(lowered)
        or _ACCESS_ASKED.search(lowered)
        or _WOULD_BE.search(lowered)
        or _GOING_TO_DO.search(lowered)
        or (reported is not None and _asks_about_policy(reported))
        # "If the IT policy and this one disagree, which do I follow?": a question about the
        # policy asked after its circumstance, with no use in it to judge
        or (
            not (reading.tools or reading.purposes or reading.data)
            and not reading.signals & policy.restrictive_signals
            and bool(_WH_LATE.search(lowered))
        )
    )
    reading.permission_form = not reading.question_form and bool(
        _PERMISSION_START.match(lowered) or _PERMISSION_FORM.search(lowered)
    )
    reading.asks_after = bool(_ASKS_AFTER.search(lowered))
    reading.reports_others = bool(_OTHERS_DID.search(lowered))
    if reading.reports_others and _WHETHER_TO_TELL.search(lowered):
        # "colleague has been putting referrals into chatgpt ... don't want to get them in
        # trouble, should I just leave it?": what someone did, and whether to tell: an incident
        reading.signals.add("incident")
    reading.names_policy = bool(_NAMES_POLICY.search(lowered))
    reading.asks_duties = bool(_ASKS_DUTIES.search(lowered))
    reading.asks_what_it_does = _asks_what_it_does(tokens, reading.tools)
    reading.asks_approver = bool(_ASKS_APPROVER.search(lowered))
    if (
        "procurement" in policy.restrictive_signals
        and _ADOPTING.search(lowered)
        and _PROCESS_ASK.search(lowered)
    ):
        reading.signals.add("procurement")
        reading.asks_approver = True
    # ("can I put ...", "to forward ...": a plan, whatever the stem says)
    reading.maybe_done = any(
        not (h.first > 0 and tokens[h.first - 1].text in _PLANNING | _AN_EXAMPLE)
        # "this month's phishing awareness email": a thing to write, not something that happened
        and not (h.last < len(tokens) and tokens[h.last].text in _TEACHING)
        for h in policy.maybe_done_matcher.find(concepts, tokens)
    ) and not bool(_NOT_DONE_YET.search(lowered))
    # "perplexity is way better than the AI the school gives us": a claim about the tool not
    # used lends nothing to the one that is
    claims = []
    for h in policy.claim_matcher.find(concepts, tokens):
        # only the claim's own clause can deny it: "my english not perfect. can i use approved
        # copilot", "no staff stories. Approved Copilot ok?" claim it
        start = max(_clause_start(starts, h.first), h.first - 6)
        opener = [i for i in range(start, h.first) if tokens[i].text in CLAUSE_OPENERS]
        clause = max([start, *opener])
        before = {t.text for t in tokens[clause : h.first]}
        denied = before & (policy.lexicon.negation_before | _NOT_WORDS | {"t"})
        if (
            not (h.negated and denied)
            # "it isn't one of the tools the council gave us", "better than the school's AI"
            and not before & _NOT_WORDS
            and not _NOT_USED_BEFORE.intersection(
                t.text for t in tokens[max(clause, h.first - 5) : h.first]
            )
            and not _DEVICE_NEXT.match(text, tokens[h.last - 1].end)
            and not _asked_if_approved(text, tokens[h.first].start, tokens[h.last - 1].end)
        ):
            claims.append(h)
    reading.given += [text[tokens[h.first].start : tokens[h.last - 1].end] for h in claims]
    content = list(
        dict.fromkeys(
            c.name
            for c in concepts
            if c.name not in policy.vague_words
            and len(c.name) > 2
            and not c.name.isdigit()
            # how the tool came ("ICT put it on our machines") says nothing of the use
            and c.first not in given
        )
    )
    reading.content = len(content)
    reading.unexplained = [name for name in content if name not in policy.known_concepts]
    reading.vague = _vague(policy, reading, concepts)
    reading.taking_part = _taking_part_said(reading)
    reading.no_ai = reading.taking_part or _no_ai_said(policy, reading)
    reading.outside_work = not reading.no_ai and _outside_work_said(reading)
    if reading.information_cue or reading.question_form:
        sections = policy.section_index.scores(
            (c.name for c in faq_concepts), weak=policy.faq_weak, floor=0.01
        )
        if sections:
            reading.section = max(
                sections.items(), key=lambda item: (item[1], -policy.section_order[item[0]])
            )
    return reading


# "my director would like to know whether...", "she's wondering if...": a question asked on
# someone's behalf. The frame says nothing a policy judges but reads as a plan ("wants to"), so it
# becomes a plain "asks", and the question inside is read as if asked directly.
_FRAME = re.compile(
    r"\b(?:wants? to know|would (?:like|love) to know|wanted to know|needs? to know|"
    r"(?:is|are|was|were|'s|s|'re) wondering|wonders|wondered|asks|asked|(?:is|are|'s|'re) asking|"
    r"keeps? asking|kept asking|(?:has|have|'s|'ve) asked|(?:wants?|asked) me to (?:check|find out|"
    r"ask)(?: with you)?)\s+(?:me\s+|you\s+|us\s+|the bot\s+)?(?=(?:whether|if|what|why|how|who|"
    r"when|where|which)\b)",
    re.IGNORECASE,
)


_POLICY_PERMITS = re.compile(r"\b(?:ok|okay|fine|alright|happy) with\b|\ballows?\b|\blets?\b")


def _unframe(text: str) -> tuple[str, str | None]:
    """The text without a reported-question frame, and the question inside it (lower case)."""
    match = _FRAME.search(text)
    if match is None:
        return text, None
    return text[: match.start()] + "asks " + text[match.end() :], text[match.end() :].lower()


def _asks_about_policy(inner: str) -> bool:
    """Whether a question asked on someone's behalf asks about the policy: "whether she has to
    tell residents", "why it's only Copilot", "if our rules apply to him"."""
    if _POLICY_PERMITS.search(inner):
        return False  # "whether the policy is ok with that": permission, asked of the policy
    word, _, rest = inner.partition(" ")
    if word not in {"whether", "if"}:
        return bool(_WH_QUESTION.match(inner))
    return any(
        _WH_QUESTION.match(f"{verb} {rest}") or _WOULD_BE.search(f"{verb} {rest}")
        for verb in ("does", "is")
    )


_ABOUT_MARKS = re.compile(
    r"\bmark\s*schemes?\b|\bmarking\s+(?:rubrics?|criteria|guidance|policy)\b|\brubrics?\b"
    r"|\bcomment\s+banks?\b|\bbanks?\s+of\s+(?:[\w/'-]+\s+){0,3}?(?:comments|feedback|statements|"
    r"stems|sentences|phrases)\b|\b(?:feedback|sentence)\s+stems\b"
    r"|\b(?:fake|made[- ]up|fictional|invented|dummy|synthetic)\s+(?:\w+\s+){0,4}?(?:grades|scores|"
    r"marks|results)\b"
    r"|\b(?:class|cohort|subject|year group)\s+averages?\b|\baverage\s+scores?\b"
    r"|\bgrade\s+(?:counts|boundaries|distribution)\b|\bscore\s+distribution\b"
    # "no pupil work goes in": the work said not to be given is not the work marked
    r"|\b(?:no|not\s+any|without(?:\s+any)?)\s+(?:pupils?'?|students?'?|children'?s|kids'?)\s+"
    r"(?:work|answers|essays|writing)\b",
    re.IGNORECASE,
)
_SELF_DONE = re.compile(
    r"\b(?:i|we)(?:'d|'ll| will| would| do| then| can| still| always)*\s+(?:still\s+)?"
    r"(?:do|doing)\s+(?:the|all the|all of the|my own|our own)\s+(?:marking|grading|assessing)\b"
    r"|\b(?:i|we)(?:'d|'ll| will| would| then)*\s+(?:still\s+)?(?:mark|grade|score)\s+"
    r"(?:them|it|the \w+|each one|every one|their \w+)(?:\s+(?:myself|ourselves))?\b"
    r"|\b(?:mark|grade|score|marking|grading)\s+(?:\w+\s+){0,4}?(?:myself|ourselves)\b"
    r"|\b(?:decide|set|give)\s+(?:the|their)\s+(?:marks|grades)\s+(?:myself|ourselves)\b"
    r"|\bwhen (?:i|we) (?:mark|grade)(?:\s+(?:the|their|my|our|them|it|myself|\w+)){0,3}\b"
    r"|\b(?:when|while|as|whilst) (?:i'm|i am|we're|we are) (?:marking|grading)\b"
    # what the person checks, chooses or has decided: "I'll choose which ones we use", "check it
    # against the mark scheme", "check the wording for anything biased", "my senior has decided"
    r"|\b(?:i|we)(?:'ll| will| would|'d| then)?\s+(?:choose|pick|select|decide)\s+which\b"
    r"|\b(?:check|checking|review|reviewing)\s+(?:\w+\s+){0,3}?(?:against the mark scheme|for "
    r"(?:anything |any )?(?:bias|biased|accuracy|errors?|mistakes?|anything offensive))"
    r"|\b(?:my|our|the|her|his) (?:senior|manager|boss|head|director|panel|committee|officer|"
    r"team leader|line manager|chair|colleague)\s+(?:has\s+|have\s+|had\s+)?(?:already\s+)?"
    r"(?:decided|made the decision|made a decision)\b"
    # "the panel does all the actual scoring itself", "an officer reads each challenge and
    # chooses the outcome", "I write the recommendation"
    r"|\b(?:the|our|an?|each) (?:panel|officer|person|human|assessor|caseworker|manager|"
    r"interviewers?)\s+(?:still\s+)?(?:does|do|will do|reads|decides|chooses|makes|sets|picks|"
    r"takes)\b[^.?]{0,40}?\b(?:scoring|marking|shortlisting|outcome|outcomes)\b"
    r"|\b(?:i|we)(?:'ll| will| then)?\s+write\s+(?:the|my|our)\s+recommendations?\b"
    # "I set the hygiene rating myself"
    r"|\b(?:i|we)(?:'ll| will| then| still)?\s+(?:set|give|decide|award)\s+(?:the|a|each|its)\s+"
    r"(?:\w+\s+){0,2}?(?:rating|score|band|banding)s?\b"
    # not marking at all: a mark scheme written, a 6-mark question
    r"|\bmark(?:ing)? schemes?\b|\b\d+[- ]mark\b"
    # ... or said not to be: "I won't be marking with it", "not marking anyone's actual work"
    r"|\b(?:not|never|won'?t|wont)\s+(?:be\s+|going\s+to\s+|using\s+(?:it|ai|this)\s+to\s+)?"
    r"(?:marking|mark|grading|grade)\b(?:\s+(?:with\s+it|anyone'?s\s+(?:actual\s+)?work|"
    r"anything))?"
    r"|\b(?:that|which) (?:i|we) (?:choose|pick|select) from (?:myself|ourselves)?\b"
    # not a task at all: a music exam or pay grade ("grade 3 pupils", "a grade 6 post")
    r"|\bgrade \d (?:pupils?|students?|learners?|players?|posts?|roles?|jobs?|officers?|staff)\b"
    r"|\b(?:pay|job|music|piano|guitar|violin|ballet|theory) grade \d\b"
)


# Who decides, said of a person: "the committee makes the actual decision", "the decision's
# mine", "once the panel has made its decision", "so I can decide it", "we'll do the scoring".
# A risk word inside ("decision", "scoring") is read: a person decides, not the AI.
_PERSON = (
    r"(?:i|we|they|he|she|members|councillors|cabinet|governors|people|humans?"
    r"|(?:the|our|my|an?|each|her|his|their)\s+(?:[a-z]+\s+){0,2}?(?:panel|committee|members"
    r"|councillors|cabinet|board|officers?|manager|assessor|caseworker|team|head|governors"
    r"|leaders?|director|chair|interviewers?|person|human|clinician|worker|decision[- ]makers?))"
)
_HUMAN_DECIDES = re.compile(
    rf"\b{_PERSON}(?:'ve|'ll|'d|'s|'re|'m)?\s+(?:(?:will|would|still|actually|then|always|can|"
    r"must|already|have|has|had|themselves|ourselves|myself|alone)\s+)*"
    r"(?:(?:make|makes|made|making|take|takes|took|taking|do|does|doing|did)\s+(?:(?:the|a|all"
    r" the|all of the|any|its|their|our|my|his|her|every|that|this|each)\s+)?"
    # "I've made the s184 decision": one word may name which decision, not the AI's
    r"(?:(?!ai\b|copilot\b|chatgpt\b|gemini\b|its?\b)[a-z0-9][\w.-]*\s+(?=decision))?"
    r"(?:(?:actual|final|real|own)\s+)?(?:decisions?|scoring|call|judge?ments?|recommendations?)"
    r"|decide|decides|decided"
    r"|deciding)\b"
    # and what was decided: "the panel decided yesterday to reject a tenant's appeal"
    r"(?:(?:\s+[a-z]+){0,2}?\s+to\s+(?:reject|refuse|uphold|approve|grant|award|dismiss|allow|accept|"
    r"decline)\b(?:\s+(?:it|them)\b|\s+(?:the|an?|her|his|their)\s+(?:[\w']+\s+){0,2}?"
    r"(?:appeal|application|claim|request|complaint|grievance|bid)s?\b)?)?"
    r"|\b(?:the|any|every|that|final|actual|real)?\s*decisions?(?:'s|\s+is|\s+are|\s+will be"
    r"|\s+would be|\s+stays|\s+remains|\s+rests)\s+(?:(?:still|already|always|only|entirely)"
    r"\s+)?(?:mine|ours|theirs|yours|his|hers|for\s+(?:me|us|them|members|councillors|the\s+"
    r"[a-z]+)|with\s+(?:me|us|them|members|the\s+[a-z]+)|down to\s+(?:me|us|the\s+[a-z]+)"
    rf"|(?:made|taken)(?:\s+by\s+{_PERSON})?)\b"
    r"|\bnot (?:be\s+)?(?:using it|used|use it|relying on it)\s+(?:for|to make)\s+"
    r"(?:any|a|the)\s+(?:decisions?|decision-making|decision making)\b"
    # a document about a decision made elsewhere: "the s.184 decision letter template"
    r"|\bdecision\s+(?:letters?|notices?|templates?|reasons|paragraph|flowcharts?|flow charts?"
    r"|trees?|logs?|records?|summary|summaries)\b"
    # "a banding decision I've already made", "decided to recommend refusal", "the hazard
    # scores and calls are all mine", "he'll approve the wording", "I've already worked out which"
    r"|\bdecisions?\s+(?:i|we)(?:'ve| have)?\s+(?:already\s+)?(?:made|taken|reached)\b"
    r"|\bdecided\s+to\s+(?:recommend\s+)?(?:refusal|approval|refuse|approve|uphold|reject|grant"
    r"|award|dismiss|allow)\b"
    r"|\b(?:calls?|scores?|judge?ments?|decisions?|ratings?|marks?|outcomes?)\s+(?:are|is)\s+"
    r"(?:all\s+)?(?:mine|ours)\b"
    r"|\b(?:he|she|they)(?:'ll| will)\s+(?:check\s+and\s+)?(?:approve|sign off|sign it off)\b"
    r"|\bthe\s+(?:\w+\s+)?(?:manager|head|director|leader|mayor|chair|editor)\s+approves\b"
    r"|\b(?:i|we)(?:'ve| have)?\s+(?:already\s+)?(?:worked out|identified|chosen|picked)\s+which\b"
    # "i'll check it matches my decision": the decision held as the person's own
    r"|\b(?:matches|match|reflects|reflect|explains|explain|follows|follow)\s+(?:my|our)\s+"
    r"(?:own\s+)?decisions?\b"
)


def _spans(tokens: list[Token], pattern: re.Pattern[str], lowered: str) -> list[range]:
    return [span for m in pattern.finditer(lowered) if (span := _token_span(tokens, m))]


def _token_span(tokens: list[Token], match: re.Match[str]) -> range:
    """The tokens a match over the lower-cased text covers (found by bisection: a pasted
    document may hold many matches)."""
    first = bisect.bisect_left(tokens, match.start(), key=lambda t: t.start)
    last = bisect.bisect_right(tokens, match.end(), key=lambda t: t.end)
    return range(first, last)


def _clause_starts(text: str, tokens: list[Token]) -> list[int]:
    """Indexes of the tokens that begin a sentence or clause: an information cue counts where
    the question asks it ("who do I ask?"), not inside a use ("a leaflet on how to report ASB")."""
    starts = [0]
    for index in range(1, len(tokens)):
        gap = text[tokens[index - 1].end : tokens[index].start]
        if gap != " " and (_CLAUSE_MARK.search(gap) or " - " in gap):
            starts.append(index)
    return starts


_CLAUSE_MARK = re.compile(r"[.?!;:,\n]")


def _clause_start(starts: list[int], index: int) -> int:
    return starts[bisect.bisect_right(starts, index) - 1]


# "I can do that, right?": "that" is what the person does (approving their team, say), not the
# task the AI is asked to do
_PERSON_DOES = re.compile(
    r"\b(?:i|we|you|they|he|she)\s+(?:can|could|should|would|will|just|then|still)?\s*$"
)


def _task_before(before: str) -> bool:
    """Whether a clause of three words or more ends before "can the AI do that?": the task said
    in a clause of its own, and not the person's own doing."""
    end = max(before.rfind(mark) for mark in "-,.;:?!")
    return (
        end > 0
        and len(re.findall(r"\w+", before[:end])) >= 3
        and _PERSON_DOES.search(before) is None
    )


def _vague(policy: Policy, reading: Reading, concepts: list[Concept]) -> bool:
    """Nothing to judge without more context: pointing words with no use read ("the thing we
    discussed", "same as before", "for housing stuff"), a follow-up with nothing to follow ("what
    about images?"), a fragment ("can chatgpt"), or only vague words and perhaps a tool
    ("copilot?", "quick q about the ai thing")."""
    lowered = reading.text.lower()
    content = [c for c in concepts if c.name not in policy.vague_words]
    risks = bool(reading.signals - CONTEXT_SIGNALS)
    used = bool(reading.purposes or reading.data or risks)
    if reading.approved and reading.tools and not used:
        return False  # "head of IT signed off canva for us - good to go?": what was approved
    if _POINTING.search(lowered) and not used:
        return True
    if not reading.tools and _DESCRIBED_BY_USE.search(lowered) and not (risks or reading.data):
        return True  # "the thing that writes the meeting notes": which product?
    # "is it ok to put the report in copilot?": which report, and to do what? (Unless the tool
    # needs approval whatever it is used for: "grammarly for my reports?")
    settled = any(_tool_verdict(policy, hit) not in _YES for hit in reading.tools)
    bare = (
        reading.content <= 1
        and _BARE_THING.search(lowered)
        and not (reading.purposes and _OWN_WRITING_EDITED.search(lowered))
    )
    if bare and not (risks or reading.data or settled):
        return True
    # whatever the use, what is in "that document" decides it
    if reading.content <= 3 and _POINTED_AT_LAST.search(lowered) and not (reading.data or settled):
        return True
    if _UNSAID.search(lowered) and not (risks or reading.data):
        return True  # "whether the thing she's planning with AI is allowed"
    examples, well_read = reading.from_example, reading.well_read
    # "the new one for the thing we talked about": neither the tool nor the use is said here
    told = well_read and bool(reading.tools)
    if _ELSEWHERE.search(lowered) and not (told or risks or reading.data):
        return True
    if _EVERYTHING.search(lowered) and not (risks or reading.data or reading.tools):
        return True  # "AI for everything from now on, marking, letters, the lot": which use?
    if _THING_FROM.search(lowered) and not (risks or reading.data or reading.tools):
        return True
    # ("her sickness record and the capability stuff": the data is said, whatever the stuff)
    said = _NO_STUFF.sub(" ", WORK_IN_GENERAL.sub(" ", lowered))  # "no personal stuff" says none
    said = _STUFF_OF.sub(" ", said)  # "bits of planning law" says what the bits are
    if _STUFF.search(said) and not (examples or risks or reading.data):
        return True
    do_that = _DO_THAT.search(lowered)
    # ("write the fun day blurb for the events page - can the approved AI do that?": "that" is
    # the task said just before it)
    said_before = (
        do_that is not None
        and bool(reading.purposes)
        and _task_before(lowered[max(0, do_that.start() - 300) : do_that.start()])
    )
    if do_that and not (examples or risks or reading.data or said_before):
        return True
    if _DANGLING.match(lowered) and not (reading.tools or reading.data or risks):
        return True
    if _UNNAMED_ACTOR.match(lowered) and not (reading.tools or reading.data or risks):
        return True
    if not reading.tools and _USE_IT.search(lowered) and not _AI_NAMED.search(lowered):
        return not (risks or reading.data)  # "my director wants to use it for the report"
    if not reading.tools:
        return not content
    if reading.permission_form and not _ASKS_USE.search(lowered) and not used:
        return True  # "can chatgpt", "is copilot"
    if not (reading.permission_form or well_read or _FOR.search(lowered)) and len(content) <= 1:
        return True  # "chatgpt and the letters": a tool and a word, no use said
    return not used and not reading.permission_form and len(content) <= 1


# Words before a tool that say it is not the one to be used: "Copilot instead of ChatGPT".
_NOT_USED_BEFORE = frozenset({"instead", "than", "not", "from", "replace", "replacing"})


def _explain(reading: Reading, spans: Iterable[tuple[int, int]]) -> None:
    for first, last in spans:
        reading.explained.update(range(first, last))


def _unread_risks(policy: Policy, reading: Reading) -> list[str]:
    """Risk-bearing words ("decide", "fake", "arrears") that no cue read and no permitted use
    the question matched uses: the engine saw a risk it did not understand."""
    risky = policy.lexicon.risk_words
    allowed = set().union(*(policy.purpose_words[p] for p, _ in reading.purposes))
    read = reading.explained | _tool_positions(reading)
    words = []
    for index, token in enumerate(reading.tokens):
        word = token.text.lower()
        if word in risky and index not in read and word not in allowed:
            words.append(word)
    return list(dict.fromkeys(words))


def _by_subject(policy: Policy, tokens: list[Token], tools: list[ToolHit]) -> list[ToolHit]:
    """The tools named, the one the answer is about first: of those the question would use
    ("my Copilot licence hasn't come, so can I put it into Gemini?"), the strictest, so that
    naming an approved tool beside another never lends the other its approval."""
    if len(tools) < 2:
        return tools

    def key(hit: ToolHit) -> tuple[bool, int, bool]:
        before = {t.text.lower() for t in tokens[max(0, hit.first - 2) : hit.first]}
        # as strict, a known AI tool before a name the engine does not know: "I use gmail for
        # ward emails and gemini keeps offering to summarise them" is about Gemini
        return (
            bool(before & _NOT_USED_BEFORE),
            -SEVERITY[_tool_verdict(policy, hit)],
            hit.entry is None,
        )

    return sorted(tools, key=key)


def _tool_verdict(policy: Policy, hit: ToolHit) -> Verdict:
    entry = hit.entry
    if entry is not None and entry.listed:
        return policy.tool_status(policy.tools[entry.key]).verdict
    kind = entry.kind if entry is not None else None
    if kind in policy.categories and policy.categories[kind].covers_unlisted:
        return policy.categories[kind].status.verdict
    return policy.document.unlisted_tool.status.verdict


def _counts(policy: Policy, hit: ToolHit) -> bool:
    """Everyday software (Word, Outlook) is not an AI tool unless the policy has a category
    for it, as Mid-Kent's "everyday tools that incorporate AI features" does."""
    if hit.entry is None or hit.entry.kind != EVERYDAY_SOFTWARE:
        return True
    return EVERYDAY_SOFTWARE in policy.categories


# "I have long covid", "I'm dyslexic", "ADHD brain here": the asker's own condition, said as the
# reason for the request, is not data the AI is given ("my OH report" still is)
_SELF_BEFORE = (
    ("i", "have"),
    ("i", "had"),
    ("i", "am"),
    ("i", "m"),
    ("im",),
    ("i", "ve", "got"),
    ("ive", "got"),
    ("i", "got"),
    ("and", "have"),
    ("i", "live", "with"),
    ("i", "was", "diagnosed", "with"),
)
_SELF_AFTER = (("brain", "here"), ("here",), ("myself",))


def _said_of_self(tokens: list[Token], hit: PhraseHit) -> bool:
    before = [
        t.text for t in tokens[max(0, hit.first - 5) : hit.first] if t.text not in {"a", "an"}
    ]
    after = tuple(t.text for t in tokens[hit.last : hit.last + 2])
    return any(tuple(before[-len(p) :]) == p for p in _SELF_BEFORE) or any(
        after[: len(p)] == p for p in _SELF_AFTER
    )


_LEADING = frozenset({"the", "a", "an", "some", "all", "any", "those", "these"})


def _lead(tokens: list[Token], hit: PhraseHit) -> int:
    """The position of a hit's first word past an article ("the names of" leads with "names")."""
    first = hit.first
    while first < hit.last - 1 and tokens[first].text in _LEADING:
        first += 1
    return first


def _read_data(policy: Policy, reading: Reading, concepts: list[Concept]) -> None:
    tokens = reading.tokens
    not_data = [(h.first, h.last) for h in policy.not_data_matcher.find(concepts, tokens)]
    # "draft the parents' letter about the phone policy": a letter to a group, not one of theirs;
    # "I'll put the address in myself afterwards": what is added outside the AI never goes in
    lowered = reading.text.lower()
    not_data += [
        (span.start, span.stop)
        for pattern in (_TO_A_GROUP, _ADDED_AFTER, _FOR_A_GROUP, _WHAT_A_THING_IS)
        for span in _spans(tokens, pattern, lowered)
    ]
    _explain(reading, not_data)
    in_tool = _tool_positions(reading)
    covered = _Spans(not_data)
    conditions = _Spans(
        [(h.first, h.last) for h in policy.condition_matcher.find(concepts, tokens)]
    )
    found = policy.data_matcher.find(concepts, tokens)
    _explain(reading, [(h.first, h.last) for h in found])  # "no credentials" is read, too
    # "I'll leave the girl's name out but say she was Mary in Class 2": a removal the person
    # takes back at once is no removal
    taken_back = [h for h in found if h.negated and _kept_after(tokens, h.last)]
    # "won't be adding the kids' medical info": what a denied phrase holds is denied with it
    denied = _Spans([(h.first, h.last) for h in found if h.negated and h not in taken_back])
    hits = [
        hit
        for hit in found
        if (not hit.negated or hit in taken_back)
        and not denied.contains(hit.first, hit.last)
        # "statement of accounts for residents": a pair whose first word belongs to a not-data
        # phrase is not about a person either, nor "the names of" the planets; but a
        # confidential phrase that holds a whole not-data phrase and says more ("the CCTV
        # camera locations") is the organisation's secret
        and (
            not covered.contains(lead := _lead(tokens, hit), lead + 1)
            or (
                hit.key == "confidential"
                and any(hit.first <= a and b < hit.last for a, b in not_data)
            )
        )
        and not in_tool.issuperset(range(hit.first, hit.last))
        and not (conditions.contains(hit.first, hit.last) and _said_of_self(tokens, hit))
        # "[NAME] [ADDRESS]", "Dear [pupil name]": a placeholder for data, not the data
        and not _bracketed(reading.text, tokens, hit)
    ]
    absences = policy.absence_matcher.find(concepts, tokens)
    _explain(reading, [(h.first, h.last) for h in absences])
    reading.absent = {hit.key for hit in absences}
    removed = [h for h in absences if h.key == "no_personal"]
    # "can copilot anonymise them for me?", "ask the AI to strip out the names": a removal left
    # to the AI hands it the data first; "before I strip the names out myself, could AI
    # anonymise them?": nor has a removal still to come, or one the AI is asked to do instead,
    # happened when the AI reads the data (with the words it overlaps: "strip the names" and
    # "names out" are one removal)
    later = [h for h in removed if _still_to_come(tokens, h.first)]
    handed_over = bool(removed) and all(
        asked_of_the_ai(tokens, h.first, in_tool)
        or any(a.first <= h.first <= a.last for a in later)
        for h in removed
    )
    if handed_over:
        removed = []
        reading.absent.discard("no_personal")
    # "50 fake council tax accounts to test the build", "generate dummy pupils for the tracker":
    # records made up to be records are nobody's, however the records are named
    made_up = [
        PhraseHit("no_personal", span.start, span.stop, False)
        for span in _spans(tokens, _MADE_UP_RECORDS, lowered)
    ]
    # ... but not beside real ones ("I have 50 real accounts, can AI make fake letters for
    # them?") or made up about someone named ("fake test results for Jamie")
    real = _REAL.intersection(t.text for t in tokens) and not _NOTHING_REAL.search(lowered)
    someone = _named_person(tokens) or _record_of_someone(tokens, policy.lexicon.first_names)
    if made_up and not removed and not real and not someone:
        removed = made_up
        reading.absent.add("no_personal")
    contrasts = [
        i
        for i, t in enumerate(tokens)
        if t.text in _CONTRAST
        # "not a real kid" denies a real person; "my actual case notes" brings one back
        and not (
            t.text in _REAL and _DENIED.intersection(x.text for x in tokens[max(0, i - 2) : i])
        )
    ]
    first_removal = min((a.last for a in removed), default=None)
    weak_only = bool(removed) and all(
        any(t.text.startswith(_WEAK_REMOVAL) for t in tokens[h.first : h.last]) for h in removed
    )
    # "I'll take her name off but leave the diagnosis in": what is kept after a removal keeps
    # the whole record about the person, whether or not the engine knows the kept words
    partial = first_removal is not None and any(
        (tokens[i].text in _CONTRAST and any(t.text in _KEEP for t in tokens[i + 1 : i + 3]))
        or (
            tokens[i].text == "still" and any(t.text in _STILL_THERE for t in tokens[i + 1 : i + 2])
        )
        for i in range(first_removal, len(tokens))
    )
    # a made-up case for training is nobody's case file; an anonymised real one still is
    invented = any(_INVENTED.search(_words(tokens, a.first, a.last)) for a in removed)
    if partial or (removed and _pseudonymised(reading.text, policy.lexicon.first_names, invented)):
        # initials, a first name or "Pupil X" for a real person is pseudonymised, not
        # anonymised: the person can still be identified, so the data stays personal
        removed = []
        invented = False
        reading.absent.discard("no_personal")
    hedged_public = any(
        _HEDGES.intersection(t.text for t in tokens[max(0, h.first - 2) : h.last + 1])
        for h in absences
        if h.key == "only_public"
    )
    classes: set[str] = set()
    for hit in hits:
        data_class = policy.data_classes[hit.key]
        # "Anonymised" takes personal data away, except what stays sensitive however it is
        # described (social care case notes, safeguarding), or what the person says is still
        # there ("I took the names out but left the date of birth"): a contrast word between
        # the first absence and the data.
        kept = first_removal is not None and _between(contrasts, first_removal, hit.first)
        kept = kept or (first_removal is not None and _left_only(tokens, first_removal, hit.first))
        # "Amy's mental health history in general terms": a generality said of someone's own
        # record takes nothing away from it
        kept = kept or (weak_only and _owned(tokens, hit.first))
        # "no personal info at all, just a list of NI numbers": an identifier named outright
        # outweighs the claim that nothing is personal
        kept = kept or bool(_IDENTIFIER_NAMED.search(_words(tokens, hit.first, hit.last)))
        kept = kept or bool(
            _ONLY_THE_ADDRESS.search(_words(tokens, max(0, hit.first - 2), hit.last))
        )
        # "a generic guide ... I'd give it a real application as an example": a real record put in
        # is there, whatever the output is to be
        kept = kept or any(t.text in ("real", "actual") for t in tokens[hit.first : hit.last])
        # "the survey, which includes people's names ..., as a generic overview": what the
        # person says is in it stays, whatever the output is to be
        kept = kept or bool(
            INCLUDED.intersection(t.text for t in tokens[max(0, hit.first - 2) : hit.first])
        )
        # "... the photo of the whiteboard. Names are on there": said to be there after all
        kept = kept or _said_there(tokens, hit)
        # a made-up family's safeguarding case is nobody's: what stays sensitive when a real
        # record is anonymised is not there when the record is invented
        sensitive_kept = hit.key in _STAYS_SENSITIVE and not invented
        if data_class.personal and removed and not sensitive_kept and not kept:
            case_record = _words(tokens, hit.first, hit.last) in _CASE_RECORDS
            if case_record and not invented and "confidential" in policy.data_classes:
                # names out of a case file leave a case file: what happened to whom, told in
                # confidence, which the policies keep out of AI tools however it is described
                classes.add("confidential")
            continue
        if (
            "only_public" in reading.absent
            and not data_class.personal
            and hit.key != "public"
            # "it's basically public anyway - ... before it's published": the person's own
            # words that it is not out yet outweigh a hedged claim that it is
            and not (hedged_public and _NOT_OUT_YET.search(_words(tokens, hit.first, hit.last)))
        ):
            continue  # "only published figures": nothing confidential, but a name is a name
        classes.add(hit.key)
    named = _named_person(tokens) or _record_of_someone(tokens, policy.lexicon.first_names)
    # "a generic version of Ellie's EHCP": her record, whatever the output is to be
    named = named or _names_record(tokens, policy.lexicon.first_names)
    named = named or _full_name(reading.text, tokens, policy.lexicon.first_names)
    # "the anonymous tip-off about the tenant at no 4": pointed out by address, whoever told
    at_address = bool(_AT_ADDRESS.search(reading.text.lower()))
    if (
        (named or at_address)
        and "personal" in policy.data_classes
        and (not removed or weak_only or at_address)
    ):
        classes.add("personal")
    if "personal" in policy.data_classes and _based_on(reading.text, policy.lexicon.first_names):
        classes.add("personal")  # "a made-up case study based on one of my year 9s"
    if "personal" in policy.data_classes and _affirmed(_SWAPPED, reading.text):
        classes.add("personal")  # "results with names swapped for candidate numbers"
    if "personal" in policy.data_classes and _DESCRIBED.search(reading.text):
        classes.add("personal")  # "I'd describe him as 'male, 40s, in every Tuesday' - no name"
    if "personal" in policy.data_classes and _aged_on_a_street(reading.text):
        classes.add("personal")  # "no names, just 'an 84 yr old woman on Bower Lane'"
    if (
        "personal" in policy.data_classes
        and _SOMEONE_WHO.search(reading.text)
        and not _FICTION.search(reading.text)
    ):
        classes.add("personal")  # "the parents of the boy who was bitten at nursery"
    if handed_over and "personal" in policy.data_classes:
        classes.add("personal")  # what is handed over to have the names taken out has names in
    for match in find_identifiers(reading.text):
        reading.identifiers.append(match.kind)
        reading.data_from_identifiers.update(policy.by_identifier.get(match.kind, ()))
    if "only_public" in reading.absent and "public" in policy.data_classes:
        classes.add("public")
    classes |= reading.data_from_identifiers
    reading.data = set().union(*(policy.implied.get(d, {d}) for d in classes)) if classes else set()


# "basically public", "public anyway", "pretty much public": a claim that hedges itself
_HEDGES = frozenset({"basically", "anyway", "pretty", "practically", "effectively", "virtually"})
_NOT_OUT_YET = re.compile(
    r"\b(?:before|ahead\s+of|until|till|not\s+yet|not\s+been|hasn't\s+been|hasnt\s+been|"
    r"isn't|isnt|aren't|arent)\b.*\b(?:publish|published|publication|public|announced|"
    r"announcement)|\bunpublished\b|\bembargo",
    re.IGNORECASE,
)


def _bracketed(text: str, tokens: Sequence[Token], hit: PhraseHit) -> bool:
    """Whether a phrase stands inside a short pair of square brackets or braces, as a
    placeholder does ("[tenant name]", "{the arrears}")."""
    start, end = tokens[hit.first].start, tokens[hit.last - 1].end
    for opening, closing in ("[]", "{}"):
        left = text.rfind(opening, max(0, start - _PLACEHOLDER_REACH), start)
        right = text.find(closing, end, end + _PLACEHOLDER_REACH)
        if left < 0 or right < 0:
            continue
        inside = text[left + 1 : right]
        if not any(mark in inside for mark in "[]{}"):
            return True
    return False


_PLACEHOLDER_REACH = 20  # characters: "[name of the tenant]", not a bracketed paragraph


def _left_only(tokens: Sequence[Token], removal: int, first: int) -> bool:
    """Whether data said at `first` is what "only" or "just" leaves in after a removal (or
    begins with it: "no names, just the situation - single mum, 3 kids ...")."""
    for i in range(max(removal, first - _ONLY_REACH), first + 1):
        said = {t.text for t in tokens[i + 1 : first + 1]}
        if tokens[i].text in _ONLY and not said & {"placeholder", "placeholders", "describe"}:
            return True
    return False


# Removals that only say "in general" or "generic": no names taken out of anything
_WEAK_REMOVAL = ("general", "generic")
# Words before a record that make it someone's: "Amy's", "her", "my"
_OWNERS = frozenset({"'s", "her", "his", "their", "my"})


def _owned(tokens: list[Token], first: int) -> bool:
    return any(t.text in _OWNERS for t in tokens[max(0, first - 2) : first])


def _tool_positions(reading: Reading) -> set[int]:
    return {i for hit in reading.tools for i in range(hit.first, hit.last)}


_STAYS_SENSITIVE = frozenset({"sensitive"})
_STILL_TO_COME = frozenset(
    {("before", "i"), ("before", "we"), ("before", "i've"), ("instead", "of"), ("rather", "than")}
    | {("until", "i"), ("until", "we")}
)


def _still_to_come(tokens: Sequence[Token], at: int) -> bool:
    return tuple(t.text for t in tokens[max(0, at - 2) : at]) in _STILL_TO_COME


# Records of casework: anonymising them takes the person's identity away, not the confidence
_IDENTIFIER_NAMED = re.compile(
    r"\b(ni|nhs|national insurance|passport|payroll|upn|driving licence|employee) numbers?\b"
    r"|\b(?:employee|staff) ids?\b"
    r"|\bdates? of birth\b|\bbank details\b"
    # "PCN numbers and vehicle regs ... no names in it": a registration names its keeper
    r"|\b(?:vehicle|car|van) (?:regs?|registrations?|reg numbers?|registration numbers?)\b"
    r"|\bnumber ?plates?\b|\b(?:email addresses|home addresses|phone numbers|mobile numbers)\b"
    # "just flat numbers and dates, no names": a flat's number on a street points at a household
    r"|\b(?:flat|house|door) numbers?\b"
)
# "only the address, no name": an address kept as the one thing left points at a household
_ONLY_THE_ADDRESS = re.compile(
    r"\b(?:only|just)\s+(?:the\s+|their\s+|her\s+|his\s+)?address(?:es)?\b"
)
_CASE_RECORDS = frozenset({
    "case notes", "case note", "case file", "case files", "casework", "case history",
    "case summary", "case summaries", "asb log", "asb logs",
    "case records", "visit notes", "home visit", "home visits", "support plan", "support plans",
    "witness statement", "witness statements", "victim statement", "call notes",
    "interview notes", "tenancy file", "tenant file", "what the family told me",
    "what the family said", "what the tenant told me", "what the resident told me",
    "what the parent told me", "told me at the visit", "said at the visit",
})  # fmt: skip
_INVENTED = re.compile(
    r"\b(?:fictional|fictitious|made.?up|synthetic|dummy|hypothetical|not real|no real|nobody "
    r"real|no one real|generic|template|blank)\b"
)
# Records made up to be records: "50 fake council tax accounts", "some dummy pupils", "generate
# realistic-looking but fake NHS numbers", "a pretend resident".
_MADE_UP_RECORDS = re.compile(
    r"\b(?:\d+|some|a few|a set of|a batch of|a load of|loads of|lots of|a list of)\s+"
    r"(?:realistic(?:[- ]looking)?\s+(?:but\s+)?)?(?:fake|made[- ]up|dummy|pretend|invented|"
    r"fictional|fictitious|synthetic)\b"
    r"|\b(?:generate|make up|create|invent|produce)\s+(?:\w+\s+){0,3}?(?:fake|dummy|pretend|"
    r"fictional|fictitious|synthetic)\b"
)
_NOTHING_REAL = re.compile(
    r"\b(?:not|no|nothing|nobody|no one|none of it|never)\s+(?:\w+\s+)?real\b"
)
_TAKING_OUT = (
    r"(?:leave|leaving|left|take|taking|taken|took|strip|stripping|stripped|remove|removing|removed"
    r"|cut|cutting|delete|deleting|deleted|blank|blanking|blanked|drop|dropping|dropped)"
)
_PSEUDONYMOUS = re.compile(
    r"\b(?:initials|(?:only|just) (?:use |give |put |gave |used )?(?:the |their |his |her )?"
    r"first names?|first names? only|(?:call|calling|called) (?:him|her|them) ['\"]?\w"
    r"|(?:pupil|child|student|resident|tenant|client|patient|person|learner) [xyz]\b"
    r"|everyone (?:knows|would know|will know) who|obvious who|(?:a|one of our) real "
    r"(?:case|example|pupil|child|student|resident|family|tenant|person)"
    # the identifier kept: "it's only addresses, no names"
    # an age and a street, "the only Year 9 girl who joined in March": no name, no doubt who
    r"|\b\d{1,3}[- ]year[- ]old (?:\w+ ){0,2}(?:on|in|at|from) \w+ (?:road|street|lane|avenue|"
    r"close|drive|way|crescent|estate|court|gardens)\b"
    r"|\bthe only (?:\w+ ){0,3}(?:girl|boy|child|pupil|student|man|woman|person|family|resident|"
    r"tenant|traveller|wheelchair user|member of staff)\b"
    r"|(?:only|just) (?:the )?(?:addresses|house numbers|postcodes|dates of birth|phone numbers|"
    r"email addresses|number ?plates|reg(?:istration)? numbers|account numbers|upns)\b"
    r"|\busing (?:her|his|their) (?:full )?names?\b"
    # one detail taken out of a record about a person leaves the rest of it: "I'll leave out the
    # house numbers so it's anonymous", "just remove the surnames"
    rf"|\b{_TAKING_OUT}\s+(?:out\s+|off\s+)?(?:the\s+|their\s+)?(?:house|door|flat) numbers?"
    r"(?:\s+out|\s+off)?\s+(?!and\b)"
    rf"|\b{_TAKING_OUT}\s+(?:out\s+|off\s+)?(?:the\s+|their\s+)?(?:surnames|last names"
    r"|street names)(?:\s+out|\s+off)?\s+(?!and\b)"
    # "anonymised, just house no and street left in"
    r"|\b(?:house (?:no|number)s?|street(?: names?)?|postcodes?|addresses|door numbers?)\b"
    r"[^.?!]{0,20}?\b(?:left in|still in|kept in|stay in|stays in)\b)",
    re.IGNORECASE,
)
# Names swapped for another identifier: "names swapped for UPNs", "replaced with candidate
# numbers". Records about real people, still personal however the person describes them.
_SWAPPED = re.compile(
    r"\b(?:swapped|replaced|switched|changed|swap|replace) (?:\w+ )?(?:for|with|to) "
    r"(?:their |the )?(?:upns?|ids?|id numbers?|reference numbers?|case numbers?|case refs?|codes?|"
    r"candidate numbers?|staff numbers?|payroll numbers?|employee numbers?|account numbers?)\b",
    re.IGNORECASE,
)
_CONTRAST = frozenset(
    {"but", "left", "still", "except", "apart", "although", "though", "however", "few", "some"}
    | {"actual", "real"}  # "no data at all ... then I'll paste my actual case notes in"
)
# "no pupil names, only their photos": what is left, said just after "only", is there (not
# "just placeholders like [NAME]", nor "just describe the issue")
_ONLY = frozenset({"only", "just"})
_ONLY_REACH = 3
_REAL = frozenset({"actual", "real"})


_KEEP = frozenset(
    {"leave", "leaving", "keep", "keeping", "include", "including", "describe", "describing"}
    | {"mention", "mentioning", "still", "left", "kept"}
    # "I'll leave her name out but say she was Mary in Class 2": what is said still identifies
    | {"say", "saying", "add", "adding", "give", "giving", "put", "putting"}
)


# "the addresses and each household's circumstances are still in there"
_STILL_THERE = frozenset({"in", "there", "included", "visible", "showing", "identifiable", "on"})
_THERE_AFTER_ALL = _STILL_THERE | {"still"}


# "in"/"on" say where the data is only before where: "names are in it", not "signs of self harm
# are in teenagers"
_WHERE_AFTER = frozenset({"there", "here", "it", "them", "this", "that", "the", "my", "our"})


def _said_there(tokens: list[Token], hit: PhraseHit) -> bool:
    """ "... the photo of the whiteboard. Names are on there": the data said to be there after
    all, by "is"/"are" and a word of place just after it."""
    words = [t.text for t in tokens[hit.first + 1 : hit.last + 3]]
    for i in range(hit.last - hit.first):  # "is"/"are" within the hit or just after it
        if i + 1 >= len(words) or words[i] not in {"are", "is"}:
            continue
        if words[i + 1] not in _THERE_AFTER_ALL:
            continue
        # ("dad is in prison" is the hit's own wording: there as said)
        if words[i + 1] not in {"in", "on"} or hit.first + i + 2 < hit.last:
            return True
        after = words[i + 2] if i + 2 < len(words) else None  # None: the message ends there
        if after is None or after in _WHERE_AFTER:
            return True
    return False


def _kept_after(tokens: list[Token], last: int) -> bool:
    """Whether a contrast after `last` keeps something back in ("but say", "but leave")."""
    return any(
        tokens[i].text in _CONTRAST and any(t.text in _KEEP for t in tokens[i + 1 : i + 3])
        for i in range(last, len(tokens))
    )


def _pseudonymised(text: str, names: frozenset[str], invented: bool = False) -> bool:
    """Whether a removal leaves a real person identifiable ("only initials", "call him Pupil
    X", "a real case"), unless that is denied ("nothing about a real child"). A letter for a
    name stands for nobody when the person is made up ("an entirely fictional 'Mrs X'")."""
    return (
        _affirmed(_PSEUDONYMOUS, text)
        or _affirmed(_SWAPPED, text)
        or (not invented and _affirmed(_LETTERED, text))
        or _based_on(text, names)
    )


# "child A has ADHD", "Mrs B's son": a real person under a letter is still that person. Case
# matters ("give each pupil a target" has no letter for anyone), and "I" is no letter.
_LETTERED = re.compile(
    r"\b(?:[Pp]upil|[Cc]hild|[Ss]tudent|[Rr]esident|[Tt]enant|[Cc]lient|[Pp]atient|[Ll]earner"
    r"|[Ff]amily|[Pp]arent|[Bb]oy|[Gg]irl|[Mm]um|[Dd]ad|[Cc]olleague|Mrs?|Ms|Miss)"
    r" ['\"]?[A-HJ-Z](?![-\w])"
)


# "a made-up case study ... based on Jake in 4B", "loosely based on one of my year 9s"
_BASED_ON = re.compile(
    r"\bbased on (?:one of (?:my|our)\b|(?:my|our) (?:\w+ ){0,2}(?:pupils?|child(?:ren)?|"
    r"students?|tenants?|residents?|clients?|famil(?:y|ies)|cases?|class)\b|(\w+))",
    re.IGNORECASE,
)


def _based_on(text: str, names: frozenset[str]) -> bool:
    for match in _BASED_ON.finditer(text):
        name = match.group(1)
        if name is None or (name[:1].isupper() and name.lower() in names):
            return True
    return False


def _affirmed(pattern: re.Pattern[str], text: str) -> bool:
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 20) : match.start()].lower().split()
        if not _DENIED.intersection(before[-3:]):
            return True
    return False


_DENIED = frozenset(
    {"no", "not", "nothing", "without", "never", "isn't", "isnt", "none", "aren't", "wasn't"}
    | {"don't", "dont", "doesn't", "didn't", "haven't", "hasn't", "doubt"}
)
# a verb denied, as tokens ("isn't" is "isn" "t")
_NOT_WORDS = frozenset({"not", "never", "isn", "isnt", "aren", "wasn", "weren"})

# How people say their employer gave them the tool, in the words they use rather than the
# policy's: "the one IT installed", "IT switched it on for our team", "the Copilot that came with
# my council email", "the chat we get with our work login", "the approval came through". A claim,
# never proof: it makes the answer conditional on the claim being true (engine._subject).
_GIVER = (
    r"(?:\bIT\b|\bICT\b|\bI\.T\.?|(?i:\b(?:the |our |my )?(?:council|school|trust|employer"
    r"|academy|authority|organisation|organization|digital (?:team|services)"
    r"|it (?:team|department|dept)|ict (?:team|department)|service desk|helpdesk|help desk"
    r"|tech team)))"
)
_PROVIDED_BY = re.compile(
    _GIVER + r"\s+(?:(?:have|has|had|just|already|recently|finally|now|kindly)\s+){0,2}"
    r"(?i:installed|gave|given|approved|provided|issued|deployed|enabled|activated|licensed|bought|"
    r"switched\s+(?:\w+\s+){0,3}on|turned\s+(?:\w+\s+){0,3}on|rolled\s+(?:\w+\s+){0,3}out|"
    r"set\s+(?:me|us|everyone|everybody|the team|all of us|my team|our team)\s+up|"
    r"set\s+up\s+for\s+(?:me|us|everyone|everybody|the team|all of us|my team|our team)\b|"
    r"put\s+(?:it|\w+)\s+on\s+(?:my|our|all)(?:\s+(?:\w+\s+)?(?:machines|computers|pcs|laptops"
    r"|devices|desktops|accounts|systems|phones))?)\b"
)
# "grammarly was put on my laptop by ict", "switched on for the team by IT last week"
_PROVIDED_PASSIVE = re.compile(
    r"(?i:\b(?:installed|put|set up|enabled|switched on|turned on|rolled out|provided|given|"
    r"approved|licensed|activated|deployed))\s+(?:\w+\s+){0,5}?(?i:by)\s+" + _GIVER
)
_PROVIDED_WITH = re.compile(
    r"\b(?:comes?|came|bundled|included)\s+(?:\w+\s+)?with\s+(?:my|our|the)\s+(?:new\s+)?"
    r"(?:council|work|school|trust|staff|office|microsoft|m365|365|o365|business|corporate)\b"
    r"|\b(?:we|i)\s+(?:get|got|have|all have|all get)\s+(?:\w+\s+){0,2}(?:with|through|via)\s+"
    r"(?:my|our|the)\s+(?:work|council|school|trust|staff|corporate|employer)\b"
    r"|\bapproval\s+(?:has\s+|had\s+)?(?:came|come|went)\s+through\b"
    r"|\b(?:approved|licensed|signed off)\s+for\s+(?:our|my|the)\s+"
    r"(?:team|service|department|school)\b"
    # "copilot (the approved one) to tidy my notes": said in passing, in brackets
    r"|\(\s*(?:the\s+|our\s+)?(?:council|school|trust|work)?[\s-]*approved"
    r"(?:\s+(?:one|version|tool|account|licen[cs]e))?\s*\)"
    # "copilot (the one in our school 365)", "the one with our work login": the organisation's own
    # (not "... or the one with the work licence?", which asks)
    r"|(?<!\bor )\bthe\s+one\s+(?:in|on|with|from|through|that\s+comes\s+with)\s+(?:our|my|the)\s+"
    r"(?:council|work|school|trust|staff|office|microsoft|m365|365|o365|business|corporate)\b",
    re.IGNORECASE,
)
# "has IT installed it?", "did the council give us one?": asking, not saying
_ASKED_BEFORE = frozenset(
    {
        "has",
        "have",
        "did",
        "does",
        "do",
        "if",
        "whether",
        "hasn't",
        "haven't",
        "didn't",
        "not",
        "never",
        "unless",
    }
)


# "the council gave us laptops": the device, not the AI on it
_DEVICE_NEXT = re.compile(
    r"\s*(?:(?:me|us|everyone|all of us|staff|the team)\s+)?(?:a\s+|new\s+|our\s+)*"
    r"(?:laptops?|phones?|mobiles?|tablets?|ipads?|devices?|computers?|pcs?|printers?|"
    r"chromebooks?|monitors?|equipment)\b",
    re.IGNORECASE,
)


# "comes with our licence so that counts as approved, doesn't it?": an inference about the
# tool's status put to the bot to confirm is a question, not a claim
_INFERS_APPROVED = re.compile(
    r"\b(?:counts?|count) as (?:\w+ )?(?:approved|authorised|authorized|allowed)"
    r"|\b(?:so|means|meaning|surely)\s+(?:that\s+)?(?:it'?s|it is|its|it must be|must be|"
    r"that'?s|it'?s been|it has been)\s+(?:\w+\s+)?(?:approved|authorised|authorized|ok|okay|"
    r"fine|allowed)"
    # "switched on for us so i assume i can just use it": asked to be confirmed
    r"|\bso i(?:'m| am)? (?:assume|assuming|take it|guess|reckon)\b",
    re.IGNORECASE,
)


# Who staff say approved a tool, in their words for the approver the policies name: "the Head of
# IT signed off Otter for us", "the AI board has authorised Simply Readable", "Ravinder approved
# Claude for me" (the policy's named approver, from its contacts). Said of a tool, it is a claim
# of approval answered on its condition, as a claim that the organisation provided it is.
_APPROVER = (
    r"(?i:\b(?:the\s+|our\s+)?(?:"
    r"(?:it|ict)\s+(?:operations|ops)(?:\s*(?:&|and)\s*security)?(?:\s+manager)?"
    r"|(?:it|ict|cyber)\s+security(?:\s+manager|\s+team)?"
    r"|head\s+of\s+(?:it|ict|digital)"
    r"|(?:gen\s*ai|ai)\s+(?:governance\s+)?(?:board|authority|group|panel|committee)"
    r"|(?:ai\s+)?governance\s+(?:board|group|authority|panel)"
    r"|dpo|data\s+protection\s+officer|information\s+governance(?:\s+team)?|ig(?:\s+team)?"
    r"|slt|senior\s+leadership(?:\s+team)?|leadership\s+team|headteacher|head\s+teacher"
    r"))\b"
)
_APPROVED_VERB = (
    r"(?i:(?:has\s+|have\s+|had\s+)?(?:(?:now|already|just|finally|officially|formally)\s+)?"
    r"(?:approved|authori[sz]ed|okayed|ok'?d|cleared|green.?lit|"
    r"signed\s+(?:it\s+|this\s+|that\s+|them\s+|\w+\s+)?off|"
    r"given\s+(?:us\s+|me\s+|it\s+)?the\s+(?:go.ahead|green\s+light)))\b"
)
# ... unless it is heard of or supposed ("I was told", "pretty sure IT okayed it"), or the
# approval is stretched to something it was not given for ("... can I use it for the licensing
# register as well?", "does that mean my whole team can?"): those are asked, not claimed
_APPROVAL_DOUBTED = re.compile(
    r"\b(?:told|said|says|heard|apparently|reckons?|rumou?r|think|believe|assume|assuming|"
    r"presumably|supposedly|pretty sure|i guess|someone|somebody|friend|another|other|as well|"
    r"also|too|whole team|same|now use|now start|carry on|moved|roll(?:ed)? (?:it )?out|extend|"
    r"open it up|used to)\b",
    re.IGNORECASE,
)
# ... or it is denied, awaited or a condition: "once the AI board has approved it"
_APPROVAL_AWAITED = re.compile(
    r"\b(?:not|never|nobody|no one|yet|pending|waiting|if|once|when|until|unless|before|"
    r"whether)\b|n't\b",
    re.IGNORECASE,
)


def _approver_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    people = "|".join(re.escape(n) for n in names)
    who = _APPROVER + r"|\bIT\b|\bICT\b"
    who += rf"|\b(?:{people})\b(?:\s+in\s+(?:it|ict))?" if people else ""
    # "we got approval from the IT ops & security manager", "approved by Ravinder"
    got = r"(?i:\b(?:got|have|had|received|been\s+given)\s+(?:the\s+|formal\s+|written\s+)?"
    got += r"(?:approval|sign.?off|the\s+go.ahead|permission)\s+from)\s+"
    passive = (
        r"(?i:\b(?:approved|authori[sz]ed|signed\s+off|cleared|okayed)\s+"
        r"(?:(?:last|this)\s+\w+\s+|in\s+writing\s+|for\s+(?:us|me|our\s+\w+)\s+)?by)\s+"
    )
    return re.compile(
        rf"(?:{who})(?:'s|'ve|’s)?\s+{_APPROVED_VERB}|{passive}(?:{who})|{got}(?:{who})"
    )


_APPROVERS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _approved_by(policy: Policy, text: str) -> list[re.Match[str]]:
    """A tool's approval said to have been given by an approver the policy names, stated, not
    asked, heard of or stretched."""
    names = policy.approver_people
    pattern = _APPROVERS.get(names)
    if pattern is None:
        pattern = _APPROVERS[names] = _approver_pattern(names)
    found = list(pattern.finditer(text))
    if not found or _APPROVAL_DOUBTED.search(text) or _INFERS_APPROVED.search(text):
        return []
    return [
        m
        for m in found
        if not _APPROVAL_AWAITED.search(
            " ".join([*text[max(0, m.start() - 60) : m.start()].split()[-6:], m.group(0)])
        )
    ]


def _provided(text: str) -> list[re.Match[str]]:
    if _INFERS_APPROVED.search(text):
        return []
    found = []
    matches = (_PROVIDED_BY, _PROVIDED_WITH, _PROVIDED_PASSIVE)
    for match in (m for pattern in matches for m in pattern.finditer(text)):
        before = text[max(0, match.start() - 40) : match.start()].lower().split()
        if (
            not _ASKED_BEFORE.intersection(before[-1:])
            # "it's not one of the ones school gave us"
            and not _DENIED.intersection(before[-6:])
            and "isn't" not in before[-6:]
            and not re.search(r"\b(?:not|n't|never)\b", match.group(0).lower())
            and not _DEVICE_NEXT.match(text, match.end())
            and not _heard_or_asked(text, match)
        ):
            found.append(match)
    return found


# Work said to use no AI at all: "I'm writing it myself, no AI involved", "just talking about it,
# no tools used", "not using any AI myself, just writing about it", "no ai anywhere". Not a use
# denied only in part ("not using it to decide anything", "no AI making decisions in the flow"),
# nor words put in someone's mouth ("can we just say no AI was used?").
_NO_AI_SAID = re.compile(
    r"\bno\s+(?:gen(?:erative)?\s*)?ai(?:\s+(?:tools?|features?|editing|apps?))?\s+"
    r"(?:(?:is|was|are|were)\s+)?(?:being\s+)?(?:involved|used|anywhere|at\s+all|whatsoever|"
    r"anything|in\s+it)\b"
    r"|\bno\s+ai\s*[.!)]"
    r"|\bnot\s+using\s+(?:any\s+)?(?:gen(?:erative)?\s*)?ai(?:\s+tools?)?"
    r"(?:\s+(?:myself|at\s+all|here|to\s+write\s+it))?\b(?!\s+(?:to|for|on|in)\b)"
    r"|\bnot\s+ai\s+at\s+all\b"
    r"|\b(?:not\s+using|no)\s+(?:it|one|them|tools?)(?:\s+used)?\W+(?:i'?m\s+|we'?re\s+)?"
    r"just\s+(?:talking|discussing|writing|mentioning)\b"
    r"|\bjust\s+(?:me\s+)?(?:talking|discussing\s+(?:it|them))\b(?:\s+about\s+(?:it|them))?"
    r"(?=\W+(?:no|not)\b)"
    r"|\bno\s+tools(?:\s+used)?\b"
    # "is it ok to just not use AI for this?": leave to do without it
    r"|\b(?:ok|okay|fine|alright|allowed)\s+(?:for\s+me\s+)?(?:to\s+)?(?:just\s+)?not\s+(?:to\s+)?"
    r"use\s+(?:gen\s*)?ai\b",
    re.IGNORECASE,
)
_PUT_IN_WORDS = re.compile(
    r"\b(?:say|saying|said|says|claim|claiming|tell|telling|told|pretend|state|stating|write|"
    r"put|reply|answer|that)[^\w(]+(?:\w+[^\w(]+){0,2}$",
    re.IGNORECASE,
)
# ... and AI used for the rest of it all the same: "ask the AI for a structure, then write the
# reply myself, no AI involved"
_AI_USED_TOO = re.compile(
    r"\b(?:ask|use|using|get|getting|let|have|run|put|paste)\s+(?:\w+\s+){0,2}"
    r"(?:ai|gen\s*ai|chatbot|generative\s+ai)\b(?!\s+(?:policy|awareness|session|in\s+fiction))"
    r"|\bai\s+to\s+(?!be\b)\w+",
    re.IGNORECASE,
)


# "a briefing note on how other councils use AI cameras", "warning residents that scammers use
# AI": the AI use written about is someone else's, not the person's own; never one asked about
# ("can my pupils use AI for homework?", "is it ok if students use AI"), which the policy judges
_OTHERS_USE = re.compile(
    r"\b(?:how|other|councils|schools|organisations|companies|firms|people|others|they|scammers|"
    r"criminals|fraudsters)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_ASKED_FOR_OTHERS = re.compile(
    r"\b(?:can|could|may|might|should|shall|let|allow|allowed|ok\s+if|okay\s+if|fine\s+if)\b",
    re.IGNORECASE,
)


def _cut(text: str, said: Sequence[re.Match[str]]) -> str:
    """`text` with what was said (matches in order) taken out, so the rest is read on its own."""
    for m in reversed(said):
        text = text[: m.start()] + " " + text[m.end() :]
    return text


def _no_ai_said(policy: Policy, reading: Reading) -> bool:
    """Whether the person says the work uses no AI at all, and names no AI tool used for it."""
    text = reading.text
    said = [
        m
        for m in _NO_AI_SAID.finditer(text)
        if not _PUT_IN_WORDS.search(text[max(0, m.start() - 60) : m.start()])
    ]
    said += _JUST_TALKED_OF.finditer(text)
    # AI only as the topic of the work ("a lesson on the ethics of AI", "a poster about the new AI
    # policy"), with no word of AI left that might be used for it ("can AI write a poster about
    # AI safety?")
    topics = [
        m
        for m in _AI_AS_TOPIC.finditer(text)
        # "I'd rather not mention AI wrote it": AI's part kept quiet is not AI as a topic
        if not m.group(0).lower().startswith("mention")
        and not _NOT_SAID_OF.search(text[max(0, m.start() - 24) : m.start()])
    ]
    talked_of = any(_talked_of(text, hit.matched) for hit in reading.tools)
    beside = _cut(text, topics)
    if not said and (
        not (topics or talked_of)
        or _AI_WORD.search(beside)
        # ... nor any other thing that might do the work ("using an image generator", "get the
        # bot to draft it", "the tool would write it for me"), nor data put anywhere
        or _MAYBE_AI.search(beside)
        or reading.data
        # what the policy says of a topic ("what risks of AI does the policy list?") is asked
        # of the policy, not of work done without AI
        or reading.information_cue
    ):
        return False
    said += topics
    # an AI tool named is one used, whatever else is said, unless it is only what is talked or
    # written about; everyday software the policy does not list as AI ("the normal Teams
    # recording", "excel pivot tables") is not
    for hit in reading.tools:
        if _talked_of(text, hit.matched):
            continue
        if hit.entry is None or hit.entry.listed or hit.entry.kind != EVERYDAY_SOFTWARE:
            return False
    said.sort(key=lambda m: m.start())
    rest = _cut(text, said)
    return not any(
        not _someone_elses(rest[max(0, m.start() - 40) : m.start()])
        for m in _AI_USED_TOO.finditer(rest)
    )


# An AI tool named only as what is talked or written about ("do I need approval just to mention
# ChatGPT in it?", "write about ChatGPT", "just to talk about ChatGPT in class"), never one talked
# to or written with ("talk to ChatGPT about", "write about the case with ChatGPT")
_TOPIC_OF = (
    r"\b(?:mention|mentioning|talk(?:ing)?\s+about|discuss|discussing|writ(?:e|ing)\s+about|"
    r"teach(?:ing)?\s+about|(?:video|article|talk|lesson|unit|clip|quiz|debate|story|poster|"
    r"webinar|conference|assembly|book|film|documentary|podcast|blog|report|paper|explainer)\s+"
    r"(?:about|on)"
    r"(?:\s+how)?)"
)
_TALKED_OF = re.compile(_TOPIC_OF + r"\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)
_AI_AS_TOPIC = re.compile(
    _TOPIC_OF + r"\s+(?:(?:the|an?|new|latest|our|this|generative|gen|modern|(?:rise|use|ethics|"
    r"history|dangers|future)\s+of)\s+)"
    r"{0,3}(?:ai|gen\s*ai|artificial\s+intelligence|chatbots?|robots?|deepfakes?)\b"
    r"(?:\s+(?:policy|ethics|safety|risks|scams?|tools|chatbots?|image\s+generators?))?",
    re.IGNORECASE,
)
_MAYBE_AI = re.compile(
    r"\b(?:generat\w*|bots?|tools?|assistants?|apps?|models?|llms?|gpt\w*|software|platforms?|"
    r"websites?|sites?|plugins?|add-?ins?|for\s+(?:me|us)|automatic\w*|auto\w*)\b",
    re.IGNORECASE,
)
_NOT_SAID_OF = re.compile(r"\b(?:not|n't|without|avoid|never|no)\s+(?:\w+\s+)?$", re.IGNORECASE)
# AI named as a thing in the work ("AI ethics", "the AI policy" are topics, not tools)
_AI_WORD = re.compile(
    r"\b(?:ai|gen\s*ai|chatbots?|artificial\s+intelligence)\b"
    r"(?!\s+(?:policy|ethics|awareness|literacy|safety|risks?|conference|webinar|unit|lesson))",
    re.IGNORECASE,
)
# ... with nothing else done: "just to mention it", "need approval (just) to write about it"
_JUST_TALKED_OF = re.compile(
    r"\b(?:just|only|simply|need\s+(?:approval|permission)|need\s+(?:approval|permission)\s+"
    r"just)\s+(?:to\s+)?(?:mention|talk\s+about|discuss|write\s+about|teach\s+about)\b",
    re.IGNORECASE,
)


def _talked_of(text: str, name: str) -> bool:
    """Whether the tool named `name` is only what is talked or written about."""
    at = text.lower().find(name.lower())
    if at < 0 or _TALKED_OF.search(text[max(0, at - 40) : at]) is None:
        return False
    # the sentence goes on to use it: "mention ChatGPT and then use it to draft the slides"
    after = text[at + len(name) : at + len(name) + 80]
    return not any(
        not re.search(r"\b(?:not|n't|no)\s+$", after[max(0, m.start() - 6) : m.start()])
        for m in re.finditer(r"\b(?:use|using|ask|get|paste|put|run)\b", after, re.IGNORECASE)
    )


# Taking part in learning about AI and in its governance, which the policies ask of staff: "can I
# join the AI show and tell?", "can I give the AI team feedback on Copilot?", "can I raise a
# concern about an AI tool?", "is it ok to chat to my manager about whether AI could help?"
_TAKING_PART = re.compile(
    r"\b(?:join|joining|go\s+(?:along\s+)?to|going\s+(?:along\s+)?to|attend|attending|sign\s+up\s+"
    r"(?:for|to)|book\s+(?:on|onto)|take\s+part\s+in|come\s+to|be\s+part\s+of|do|doing)\s+"
    r"(?:(?:the|an?|our|this|next|week's|month's|lunchtime)\s+)*(?:(?:ai|genai|gen\s+ai|copilot)\s+)?"
    r"(?:show[\s-]+and[\s-]+tells?|communit(?:y|ies)\s+of\s+practice|awareness\s+(?:training|"
    r"sessions?|e-?learning|courses?|events?)|(?:ai|genai|copilot)\s+(?:training|e-?learning|courses?|"
    r"webinars?|sessions?|champions?(?:\s+network)?|working\s+group|network))\b"
    # the person's own feedback or concern about AI, never AI's feedback on work ("chatgpt to
    # give feedback on my essay") nor someone else's
    r"|\b(?:i|we)\s+(?:\w+\s+){0,3}?(?:give|send|share|provide|raise|flag)\s+(?:(?:the|our|my|"
    r"some|any|an?|ai|genai|it|team|board)\s+){0,4}(?:feedback|concerns?)\s+(?:on|about|with)\s+"
    r"(?:(?:the|an?|our|my|how|well)\s+){0,3}(?:ai|genai|gen\s+ai|copilot|chatgpt|gemini|claude|"
    r"tools?|it|how)\b"
    r"|\b(?:suggest|propose)\s+(?:an?\s+)?(?:new\s+)?(?:ai|genai|copilot)\s+(?:idea|use)"
    # (what is talked over with a manager is talked over, not done: "about how I could use AI")
    r"|\b(?:chat|talk|speak)\s+(?:to|with)\s+(?:my|our|the)\s+(?:line\s+)?(?:manager|boss|"
    r"team\s+leader)\s+about\b(?:\s+(?:how|whether|what|where|ways?)\b[^.?!]*)?"
    r"|\bask\s+(?:my|our)\s+(?:line\s+)?manager\s+about\b"
    r"|\brun\s+(?:it|this|that)\s+(?:past|by)\s+(?:my|our|the)\s+(?:line\s+)?manager\b"
    # an error logged with IT, as the policies ask (never "should I check with IG first?" beside
    # a use: that asks about the use)
    r"|\b(?:log|raise|open)\s+a\s+(?:ticket|call|fault)\s+with\s+(?:the\s+)?(?:it|ict)\b",
    re.IGNORECASE,
)
# "I have an idea for using AI in licensing - can I put it forward?": the idea, not a use asked
# for; never a thing the AI made put forward ("put it forward as our recommendation"), nor where
# or to whom an idea goes, which the policy answers
_AN_IDEA = re.compile(r"\bidea\s+(?:for|of|about|that|to)\b[^.?!]*", re.IGNORECASE)
_PUT_FORWARD = re.compile(
    r"\b(?:put|putting|submit|pitch)\s+(?:it|this|that|the\s+idea|my\s+idea|an\s+idea)\s+forward\b"
    r"(?!\s+(?:as|to\s+be)\b)"
    r"|\bput\s+forward\s+(?:an?\s+|my\s+|the\s+)?(?:idea|suggestion)\b",
    re.IGNORECASE,
)
_IDEA_SAID = re.compile(r"\b(?:idea|ideas|suggestion)\b", re.IGNORECASE)
_WHERE_OR_WHO = re.compile(r"\b(?:where|who|whom|how)\b", re.IGNORECASE)
# ... with something else in it that is a use: "feedback on the complaints using Copilot"
_TAKING_PART_USE = re.compile(
    r"\b(?:using|use|paste|put|upload|run|demo|demoing|try|trying)\b", re.IGNORECASE
)
_TOOL_USED_WITH = re.compile(r"\b(?:with|using|via|through|in|into)\s+(?:the\s+|an?\s+)?$", re.I)


def _taking_part_said(reading: Reading) -> bool:
    """Whether the person asks to take part in learning about AI or in its governance, and
    nothing else: no data, and no use of AI or anything else for it."""
    said = list(_TAKING_PART.finditer(reading.text))
    idea = _IDEA_SAID.search(reading.text)
    # (the person's own idea: not one AI came up with, "copilot came up with an idea for ...")
    if (
        idea
        and not _WHERE_OR_WHO.search(reading.text)
        and not _AI_WORD.search(reading.text[: idea.start()])
        and not any(reading.tokens[hit.first].start < idea.start() for hit in reading.tools)
    ):
        said = sorted([*said, *_PUT_FORWARD.finditer(reading.text)], key=lambda m: m.start())
    if not said or reading.data:
        return False
    # AI taking part for the person ("can copilot do the AI training for me?") is a use
    lowered = reading.text.lower()
    names = [hit.matched.lower() for hit in reading.tools]
    # (not the AI of another thing taken part in: "the AI show and tell and the community of
    # practice")
    unsaid = lowered
    for m in [*said, *_AN_IDEA.finditer(lowered)]:
        unsaid = unsaid[: m.start()] + " " * (m.end() - m.start()) + unsaid[m.end() :]
    for m in said:
        before = unsaid[max(0, m.start() - 30) : m.start()]
        if _AI_WORD.search(before) or any(name in before for name in names):
            return False
    rest = _cut(reading.text, said)
    rest = _cut(rest, list(_AN_IDEA.finditer(rest)))
    if _TAKING_PART_USE.search(rest) or _AI_USED_TOO.search(rest):
        return False
    for hit in reading.tools:
        at = lowered.find(hit.matched.lower())
        if at >= 0 and _TOOL_USED_WITH.search(lowered[max(0, at - 12) : at]):
            return False
    return True


def _someone_elses(before: str) -> bool:
    """Whether the AI use just after `before` is someone else's, written about, not asked for."""
    return _OTHERS_USE.search(before) is not None and _ASKED_FOR_OTHERS.search(before) is None


# "nothing to do with work", "not work related -", "for my own hobby": AI the person uses for
# themselves, which no policy of the organisation's reaches unless work comes into it
_OUTSIDE_WORK_SAID = re.compile(
    r"\bnothing\s+to\s+do\s+with\s+(?:my\s+|the\s+)?(?:work|job|council|school)\b"
    r"|\bnot\s+(?:for|about)\s+(?:work|my\s+job|the\s+council|the\s+school)\b"
    r"|\bnot\s+(?:a\s+)?work[\s-]*related\b|\bnot\s+a\s+work\s+thing\b"
    r"|^\W*not\s+(?:for\s+)?work\b"
    r"|\b(?:my\s+own|my|as\s+a|for\s+a)\s+hobby\b|\bhobby\s+project\b"
    r"|\b(?:purely|just|only|strictly)\s+(?:for\s+)?(?:personal|private)(?:\s+use)?\b(?!\s+(?:data|info))",
    re.IGNORECASE,
)
# work coming into it after all: its information, people or business
_WORK_AFTER_ALL = re.compile(
    r"\b(?:work\s+(?:email|laptop|account|data|files?|documents?|stuff)|council\s+(?:data|"
    r"information|laptop|account|email)|colleagues?|residents?|tenants?|pupils?|clients?|"
    r"service\s+users?|customers?|applicants?|case|cases|casework|but\s+(?:also|i'?ll|we'?ll)|"
    r"(?:at|for|in)\s+(?:work|school)|work\s+purposes|council\s+business|for\s+the\s+(?:council|"
    r"school)|my\s+job|my\s+team|our\s+team|the\s+office)\b",
    re.IGNORECASE,
)


def _outside_work_said(reading: Reading) -> bool:
    """Whether the person says the AI use is their own, not for work, with nothing of work in it."""
    text = reading.text
    said = list(_OUTSIDE_WORK_SAID.finditer(text))
    if not said:
        return False
    # "not for work" says no work, so it is not work said after all
    if _WORK_AFTER_ALL.search(_cut(text, said)):
        return False
    if "political" in reading.signals:
        return False  # a member's campaigning: where the role ends is for the policy to judge
    # the person's own data (their CV, a family photo) is theirs to use; the organisation's is not
    return not (reading.data & {"confidential", "internal", "commercial"})


# "someone said the council has approved chatgpt plus", "is it one of the tools the school has
# approved?": an approval heard of or asked about is not one the person says they were given
_HEARSAY = re.compile(r"\b(?:said|says|reckons?|heard|apparently|rumou?r)\b", re.I)
_ASKING_FRAME = re.compile(r"(?:is|are|was|were|has|have|did|does|do|whether)\b", re.I)


def _sentence_start(text: str, at: int) -> int:
    ends = [(text.rfind(mark, 0, at), mark) for mark in (*".?!:;\n", " - ")]
    return max((found + len(mark) for found, mark in ends if found >= 0), default=0)


def _asked_in_question(text: str, start: int, end: int) -> bool:
    """Whether the words at [start, end) stand in a question asked about them: the sentence opens
    with "is", "has", "does" ... and a question mark follows."""
    before = text[_sentence_start(text, start) : start]
    return _ASKING_FRAME.match(before.lstrip()) is not None and "?" in text[end:]


def _asked_if_approved(text: str, start: int, end: int) -> bool:
    """ "is Copilot Chat in Teams the approved one?": the approval asked of the tool, not said of
    it ("is it ok to use our approved copilot?")."""
    predicate = re.match(r"\s+(?:one|version|tool)\b", text[end:]) is not None
    approved = "approved" in text[start:end].lower()
    return predicate and approved and _asked_in_question(text, start, end)


def _heard_or_asked(text: str, match: re.Match[str]) -> bool:
    before = text[_sentence_start(text, match.start()) : match.start()]
    # ("is it ok, IT gave us copilot?" says it was given)
    asked = " approved" in match.group(0).lower() and _asked_in_question(
        text, match.start(), match.end()
    )
    return asked or _HEARSAY.search(before) is not None


def _between(positions: list[int], start: int, end: int) -> bool:
    """Whether a sorted position lies in [start, end)."""
    index = bisect.bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


class _Spans:
    """Token spans, asked whether they contain a span; sorted once, looked up by bisect."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._firsts = [first for first, _ in self._spans]
        # The furthest end among spans starting at or before each one.
        self._reach: list[int] = []
        for _, last in self._spans:
            self._reach.append(max(last, self._reach[-1]) if self._reach else last)

    def contains(self, first: int, last: int) -> bool:
        index = bisect.bisect_right(self._firsts, first) - 1
        return index >= 0 and self._reach[index] >= last


_ASKED_TO_MAKE = re.compile(
    r"\s*(?:pls\s+|please\s+|can you\s+|could you\s+)?(?:draft|write|make|create|generate|"
    r"produce|summarise|summarize|translate|rewrite|reword|design|knock up)\s+(?:a|an|the|my|our|"
    r"me|some|this|\d+)\b",
    re.IGNORECASE,
)
# ... unless what is asked for is the write-up of something that happened: "draft a report of
# what happened when I accidentally put pupil data into ChatGPT"
_HAPPENED = re.compile(
    r"\b(?:accidentally|by mistake|by accident|happened|yesterday|last week|this morning|"
    r"pasted|uploaded|put|entered|shared|leaked|sent)\b",
    re.IGNORECASE,
)
# "Mrs Patel", "Cllr Reed": a title before a capitalised name names a real person, unless the
# question is about a story ("a character analysis of Mr Birling").
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "cllr", "councillor", "sir", "dame", "prof", "rev"}
)
_STORY = frozenset({"character", "characters", "novel", "play", "story", "poem", "fictional"})
# Words that start the next sentence after a title ("I'm a councillor. Can I ..."), not a name.
_SENTENCE_WORDS = frozenset(
    {"can", "could", "may", "is", "are", "am", "do", "does", "i", "we", "it", "what", "how"}
    | {"should", "would", "will", "here", "and", "but", "so", "the", "a", "please", "any"}
)


# A particular person pointed at by what happened to them or what they do: "the boy who was
# bitten at nursery", "the tenant who keeps complaining", whoever's name is left out. Not a
# character in a story ("the boy who cried wolf").
_SOMEONE_WHO = re.compile(
    r"\b(?:the|that|this)\s+(?:little\s+|young\s+|old\s+|elderly\s+)?(?:boy|girl|child|kid|lad|"
    r"pupil|student|baby|toddler|man|woman|lady|gentleman|bloke|guy|resident|tenant|customer|"
    r"claimant|applicant|neighbour|patient|client|family|mum|dad|mother|father|colleague|chap)\s+"
    r"(?:whose|who(?:'s|\s+(?:was|is|has|had|got|gets|keeps|kept|lives|lived|died|fell|went|came|comes|"
    r"made|makes|called|rang|emailed|wrote|complained|complains|reported|attacked|hit|bit|"
    r"stole|left)))\b",
    re.IGNORECASE,
)
_FICTION = re.compile(
    r"\b(?:story|stories|fairy\s*tale|fable|novel|book|film|poem|play|nursery\s+rhyme|fictional|"
    r"made[- ]up|imaginary|invented|character|cried\s+wolf)\b",
    re.IGNORECASE,
)
# "an 84 yr old woman with dementia on Bower Lane": an age and the street someone lives on pick
# out one person, whatever name is left out
_AGE = r"\d{1,3}[- ]?(?:yr|yrs|year|years)[- ]?old\b"
_AGED = re.compile(
    # "an 84 yr old", or one typed first ("84 yr old on bower lane..."); never "the 70 year old
    # residents", a group
    rf"(?:\b(?:an?|one)\s+|^\W*){_AGE}|\bthe\s+{_AGE}(?!\s+\w+s\b)",
    re.IGNORECASE,
)
_ON_A_STREET = re.compile(
    r"\b(?:on|in|at|from|of)\s+(?!(?:the|a|an|our|my|this|that|their|his|her)\b)(?:[a-z]+\s+){1,2}"
    r"(?:lane|road|rd|street|close|avenue|ave|way|drive|crescent|court|gardens|estate|terrace|"
    r"place|grove|row|walk|rise|mews)\b",
    re.IGNORECASE,
)


def _aged_on_a_street(text: str) -> bool:
    return bool(_AGED.search(text) and _ON_A_STREET.search(text))


# A person described by sex and age rather than named ("male, 40s", "40s, female", "a woman in
# her 70s"): with where and when they come, as good as a name.
_DESCRIBED = re.compile(
    r"\b(?:male|female|man|woman|lad|lady|gentleman|boy|girl)\W{1,3}(?:in (?:his|her) )?"
    r"(?:late |early |mid[- ])?\d0s\b"
    r"|\b(?:late |early |mid[- ])?\d0s\W{1,3}(?:male|female)\b"
    r"|\b(?:a|the) (?:man|woman|lady|gentleman) in (?:his|her) (?:late |early |mid[- ])?\d0s\b",
    re.IGNORECASE,
)


# "if I ask copilot about the pay review will it show me other people's salaries?", "will
# Copilot show me stuff from the HR SharePoint?": what the tool itself does is asked, not leave
# to use it ("would it be ok" asks leave).
# Not "can" or "could": "can AI look at the CCTV stills and tell me who it is?" asks for a use.
_ASKING_WHAT = frozenset({"will", "would", "does", "might"})
# fmt: off
_WHAT_IT_DOES = frozenset({
    "show", "see", "access", "read", "keep", "store", "save", "remember", "learn", "train",
    "share", "send", "know", "record", "look", "pick", "pull", "replace", "monitor", "track",
    "watch", "listen",
})
# fmt: on
_GENERIC_SUBJECT = frozenset({"it", "they", "ai", "tool", "app", "bot", "system"})


def _asks_what_it_does(tokens: Sequence[Token], tools: Sequence[ToolHit]) -> bool:
    """Whether the question asks what the AI itself will show, keep or learn: "will it show
    me ...", "will Copilot see my emails?"."""
    words = [t.text for t in tokens]
    named = {hit.first: hit.last for hit in tools}
    for index, word in enumerate(words):
        if word not in _ASKING_WHAT:
            continue
        subject = index + 1
        if subject < len(words) and words[subject] == "the":
            subject += 1
        if subject in named:
            verb = named[subject]
        elif subject < len(words) and words[subject] in _GENERIC_SUBJECT:
            verb = subject + 1
        else:
            continue
        if verb < len(words) and words[verb] == "still":
            verb += 1
        if verb < len(words) and words[verb] in _WHAT_IT_DOES:
            return True
    return False


# "the school report for Ellie", "the supervision file for Sam": a record kept of someone named
_PERSON_RECORDS = frozenset({
    "report", "reference", "appraisal", "referral", "file", "notes", "plan", "review", "letter",
    "statement", "form", "record", "records", "ehcp", "iep", "pep", "assessment", "reports",
})  # fmt: skip
_OF_SOMEONE = frozenset({"for", "about", "on", "of"})
_AT_ADDRESS = re.compile(
    r"\b(?:tenant|resident|family|man|woman|lady|bloke|neighbour|household|occupant|occupier|"
    r"couple|kids?|children|boy|girl|people)s? (?:at|in|from) (?:no\.? ?|number |flat |house )?"
    r"\d+[a-z]?\b"
)


def _names_record(tokens: list[Token], names: frozenset[str]) -> bool:
    """ "Ellie's EHCP", "Tom's referral": a first name's own record; typed in a hurry, in lower
    case too ("jake's behaviour"), where no "the" or "our" makes the name a thing's."""
    return any(
        (name.capitalised or not (i and tokens[i - 1].text in _DETERMINERS))
        and name.text in names
        and mark.text == "'s"
        and (record.text in _PERSON_RECORDS or record.text in _PERSON_THINGS)
        for i, (name, mark, record) in enumerate(zip(tokens, tokens[1:], tokens[2:], strict=False))
    )


# "the report for Mote Park", "the plan for Sittingbourne Library": a place, not a person
_PLACE_WORDS = frozenset({
    "park", "road", "street", "lane", "close", "centre", "center", "hall", "council", "school",
    "academy", "house", "court", "ward", "estate", "library", "museum", "borough", "district",
    "primary", "avenue", "way", "square", "green", "hill", "college", "trust", "village", "town",
})  # fmt: skip


# "the holly's berries", "our grace's period": a word before that makes a name a thing's
_DETERMINERS = frozenset({"the", "a", "an", "our", "my", "your", "their", "this", "that"})
# "a letter to Jamie's mum", "Priya's rent arrears": what a first name's person has or is owed
_PERSON_THINGS = frozenset({
    "mum", "dad", "mother", "father", "parents", "parent", "family", "son", "daughter", "husband",
    "wife", "partner", "case", "rent", "arrears", "complaint", "claim", "application", "grievance",
    "sickness", "absence", "behaviour", "health", "diagnosis", "address", "account", "tenancy",
})  # fmt: skip
# "Tom Baker", "Priya Patel": a first name and a surname name someone, as no place, building
# or figure in a lesson does ("Victoria Station", "a history lesson on Florence Nightingale")
_NOT_A_SURNAME = _PLACE_WORDS | frozenset({
    "garden", "gardens", "theatre", "station", "church", "bridge", "gate", "market", "scheme",
    "day", "week", "month", "term", "building", "centre's", "project", "fund", "foundation",
})  # fmt: skip
_FIGURES = re.compile(
    r"\b(?:lessons?|history|historical|assembly|biography|famous|poem|poet|author|novel|"
    r"character|story|quote|speech|statue|portrait|style)\b",
    re.IGNORECASE,
)


def _full_name(text: str, tokens: list[Token], names: frozenset[str]) -> bool:
    if _FIGURES.search(text):
        return False
    # (never "the Amelia Scott": a name with an article is a place's or a building's)
    return any(
        first.capitalised
        and first.text in names
        and (before is None or before.text not in ("the", "at"))
        and following.capitalised
        and following.text.isalpha()
        and following.text not in names
        and following.text not in _NOT_A_SURNAME
        and following.text not in _SENTENCE_WORDS
        and not text[first.end : following.start].strip()  # one name: nothing but a space
        for before, first, following in zip([None, *tokens], tokens, tokens[1:], strict=False)
    )


def _record_of_someone(tokens: list[Token], names: frozenset[str]) -> bool:
    for i in range(len(tokens) - 2):
        record, of, name = tokens[i], tokens[i + 1], tokens[i + 2]
        if record.text not in _PERSON_RECORDS or of.text not in _OF_SOMEONE:
            continue
        after = tokens[i + 3] if i + 3 < len(tokens) else None
        if (
            name.capitalised
            and name.text in names
            and not (after is not None and after.capitalised and after.text in _PLACE_WORDS)
        ):
            return True
    return False


def _named_person(tokens: list[Token]) -> bool:
    if _STORY.intersection(t.text for t in tokens):
        return False
    return any(
        token.text in _TITLES
        # "Mrs Patel", or an initial as people type it: "mrs k's flat"
        and (following.capitalised or (len(following.text) == 1 and following.text.isalpha()))
        and following.text not in _TITLES
        and following.text not in _SENTENCE_WORDS
        for token, following in itertools.pairwise(tokens)
    )


# "I've already decided to refuse a grant bid": the decision told is the person's, so its words
# ("refuse a grant") are no decision left to the AI, unless what follows hands the choice back to
# the AI ("decided to refuse the ones that copilot flags"); that a person decides still counts
_DECIDED_AWAY = frozenset({"automated_decision", "decision_making", "critical_matter"})
# ... the decision already taken, that is: one still to come ("before I decide on the licence")
# is what the AI's help goes into, so the policy's words on decisions still apply
_TAKEN = re.compile(r"\b(?:decided|made|taken|reached|worked out|identified|chosen|picked)\b")


def _left_to(reading: Reading, end: int, in_tool: set[int]) -> bool:
    """Whether the decision told goes on to what the AI picks: "decided to reject the
    applications copilot marks as incomplete", "to refuse the ones that the AI flags"."""
    tokens = reading.tokens
    for i in range(end, min(end + 3, len(tokens))):
        if i and _CLAUSE_MARKS.intersection(reading.text[tokens[i - 1].end : tokens[i].start]):
            return False  # "after I've decided the rating, can copilot write the letter"
        if i in in_tool or tokens[i].text in _PICKED_BY:
            return True
    return False


_PICKED_BY = frozenset({"ai", "it", "its", "copilot", "chatgpt", "gemini"})
_CLAUSE_MARKS = frozenset(",;:?!")


def _checked_but_not(tokens: list[Token], hits: Sequence[PhraseHit]) -> bool:
    """Whether a check said is taken back in part after a "but": "checked the wording but not
    the numbers"."""
    checks = [h.last for h in hits if h.key == "human_review"]
    unchecked = [h.first for h in hits if h.key == "no_human_review"]
    return any(
        c <= u and any(t.text == "but" for t in tokens[c : u + 1])
        for c in checks
        for u in unchecked
    )


# "a person will look at every shortlist it produces", "an officer would check and sign off
# every one", "before a human assesses them": a person goes through each of the AI's results
_PERSON_GOES_THROUGH = re.compile(
    rf"\b{_PERSON}\s+(?:(?:will|would|then|still|always|must|can)\s+)*(?:properly\s+)?"
    r"(?:look(?:s)?\s+at|read(?:s)?|check(?:s)?|review(?:s)?|assess(?:es)?|sign(?:s)?\s+off|"
    r"go(?:es)?\s+through|check(?:s)?\s+and\s+sign(?:s)?\s+off)\s+(?:every|each|all)\b"
    rf"|\bbefore\s+{_PERSON}\s+(?:assesses|assess|looks|reviews|checks|decides)\b"
)


def _read_signals(policy: Policy, reading: Reading, concepts: list[Concept]) -> None:
    # Only a known tool's name hides a cue inside it ("co-pilot" is not a pilot); an unknown name
    # may be anything ("using Taylor Swift's chorus").
    in_tool = {i for h in reading.tools if h.entry is not None for i in range(h.first, h.last)}
    own = reading.own_doing
    hits, vetoes = policy.signal_matcher.find_with_vetoes(concepts, reading.tokens)
    _explain(reading, [(veto.first, veto.last) for veto in vetoes])
    for hit in hits:
        _explain(reading, [(hit.first, hit.last)])
        # "co-pilot" is a tool, not a pilot; "I'll mark them myself" is no AI marking
        inside = range(hit.first, hit.last)
        if (
            hit.key in _DECIDED_AWAY
            and any(hit.first in span for span in reading.decided)
            and not _left_to(reading, hit.last, in_tool)
        ):
            continue
        if not hit.negated and not in_tool.issuperset(inside) and hit.first not in own:
            reading.signals.add(hit.key)
    if _PERSON_GOES_THROUGH.search(reading.text.lower()):
        reading.signals.add("human_review")
    if _DPIA_IN_PLACE.search(reading.text) and not _DPIA_NOT_IN_PLACE.search(reading.text):
        reading.signals.add("dpia_in_place")
    if _ASKED_TO_MAKE.match(reading.text) and not _HAPPENED.search(reading.text):
        # "draft a sharp reply to the resident who complained": content asked for, not an
        # incident told, whatever the content is about
        reading.signals.discard("incident")
    if "human_review" in reading.signals and "no_human_review" in reading.signals:
        if _checked_but_not(reading.tokens, hits):
            # "we checked the wording but not the numbers": what was left unchecked is said last
            reading.signals.discard("human_review")
        else:
            reading.review_conflict = True
            reading.signals.discard("no_human_review")
    # "Copilot in Outlook keeps offering to summarise ...": the permitted tool named as it
    # appears in an app the policy lists with it is no unvetted feature (not so "an AI button in
    # the planning system, built on Copilot")
    tool = reading.tool
    entry = tool.entry if tool is not None else None
    if (
        tool is not None
        and entry is not None
        and entry.listed
        and " in " in tool.matched
        and _tool_verdict(policy, tool) in _YES
    ):
        reading.signals.discard("unvetted_feature")
    reading.roles = {h.key for h in policy.role_matcher.find(concepts, reading.tokens)}


# "IG signed off our DPIA", "the DPIA is done", "we have an approved DPIA": the assessment the
# policies ask for before personal data goes in, said to be in place ...
_DPIA_IN_PLACE = re.compile(
    r"\b(?:signed[\s-]+off|approved|completed|agreed)\s+(?:(?:the|our|a|their|its)\s+)?dpias?\b"
    r"|\bdpias?\s+(?:(?:is|was|has\s+been|have\s+been|were|are|'s|got)\s+)?(?:now\s+|all\s+)?"
    r"(?:signed[\s-]+off|approved|done|complete|completed|agreed|in\s+place)\b"
    r"|\b(?:an?|our|the)\s+(?:approved|signed[\s-]+off|completed|agreed)\s+dpias?\b",
    re.IGNORECASE,
)
# ... never one not finished, still to come or skipped, nor stretched to another use, tool or
# scale ("it's basically the same thing", "the DPIA was done for the pilot", "ChatGPT for the
# same case files since it's quicker", "roll it out to all 200")
_DPIA_NOT_IN_PLACE = re.compile(
    r"\b(?:not|isn'?t|wasn'?t|hasn'?t|haven'?t|no|yet|pending|later|after|skip|skipping|without|"
    r"same|covered|instead|quicker|pilot|trial|roll(?:ing)?\s+(?:it\s+)?out|real\s+named|still|"
    r"before|once|if|when|was\s+done\s+for|waiting|expired|old|last\s+year's|different|other)\b",
    re.IGNORECASE,
)


_PUPILS_USE = re.compile(
    r"\b(?:pupils?|students?|kids|children|my class|(?:year|yr|y) ?\d+s?)\b(?:\s+\w+){0,2}?"
    r"\s+(?:use|using|to use|used|try|trying|to try)\b"
)
_IN_LESSON = re.compile(
    r"\b(?:in|during)\s+(?:(?:my|the|our|their|his|her|your|a|this|next|today's|tomorrow's)\s+)?"
    r"(?:lessons?|class|classes)\b"
)


def _purposes(policy: Policy, reading: Reading) -> list[tuple[str, float]]:
    # Nothing under the threshold can count (a role penalty only lowers scores further).
    scores = policy.purpose_index.scores(reading.concepts, floor=PURPOSE_THRESHOLD)
    ranked: list[tuple[str, float]] = []
    for purpose_id, score in scores.items():
        purpose = policy.purposes_by_id[purpose_id]
        if purpose.needs_signals and reading.signals.isdisjoint(purpose.needs_signals):
            continue
        applies_to = purpose.applies_to
        # A purpose for some people (pupils' uses, teachers' feedback) counts only for them: a
        # pupil's rule is never applied to a teacher, nor to someone whose role is not evident.
        # For them it comes before the uses everyone shares.
        if applies_to and not set(applies_to) & reading.roles:
            continue
        if applies_to:
            score += ROLE_BONUS
        ranked.append((purpose_id, score))
    ranked.sort(key=lambda item: (-item[1], policy.purpose_order[item[0]]))
    if not ranked or ranked[0][1] < PURPOSE_THRESHOLD:
        return []
    return [ranked[0]] + [item for item in ranked[1:] if item[1] >= PURPOSE_CONFIDENT]


def _words(tokens: list[Token], first: int, last: int) -> str:
    return " ".join(t.text for t in tokens[first:last])
