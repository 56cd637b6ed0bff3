"""Build pii_cases.jsonl / negatives.jsonl from hand-written marked-up source lines.

Source line: `note ## text`, markup {CODE|value} marks a span (positives) or a keep (negatives, code K).
`\\n` in a text stands for a newline. Lines starting with `#` or blank are skipped.
"""
import json, re, sys, glob, os, collections
from gen_numbers import idcheck, luhn_ok
CODES={'N':'NAME','P':'PHONE','M':'MESSAGING','I':'ID','B':'BANKCARD','E':'EMAIL','S':'PASSPORT','L':'PLATE','A':'ADDRESS','K':'KEEP'}
MK=re.compile(r'\{([A-Z])\|([^{}]*)\}')
HERE=os.path.dirname(os.path.abspath(__file__)); OUT=os.path.dirname(HERE)
def parse(line):
    note,src=line.split(' ## ',1)
    src=src.replace('\\n','\n')
    text='';spans=[];pos=0
    for m in MK.finditer(src):
        text+=src[pos:m.start()]
        s=len(text); text+=m.group(2); spans.append([s,len(text),CODES[m.group(1)],m.group(2)])
        pos=m.end()
    text+=src[pos:]
    assert '{' not in text and '}' not in text, line
    return note.strip(),text,spans
NUM=str.maketrans({'幺':'1','一':'1','二':'2','两':'2','三':'3','四':'4','五':'5','六':'6','七':'7','八':'8','九':'9','零':'0','洞':'0','叉':'X','x':'X'})
def norm(v): return re.sub(r'[^0-9X]','',v.translate(NUM))
def check_groups(kind,vals,ok,lengths,errs,tid):
    buf=''
    for v in vals:
        d=norm(v); buf+=d
        if len(buf) in lengths:
            if not ok(buf): errs.append(f'{tid}: {kind} {buf} invalid')
            buf=''
    if buf: errs.append(f'{tid}: {kind} leftover pieces {buf}')
def id_ok(s): return len(s)==18 and s[:17].isdigit() and idcheck(s[:17])==s[17]
def card_ok(s): return s.isdigit() and luhn_ok(s)
def main():
    errs=[];pos=[];neg=[]
    for f in sorted(glob.glob(os.path.join(HERE,'pos_*.txt'))):
        for ln in open(f,encoding='utf-8'):
            ln=ln.rstrip('\n')
            if not ln.strip() or ln.startswith('#'): continue
            pos.append(parse(ln))
    for f in sorted(glob.glob(os.path.join(HERE,'neg_*.txt'))):
        for ln in open(f,encoding='utf-8'):
            ln=ln.rstrip('\n')
            if not ln.strip() or ln.startswith('#'): continue
            neg.append(parse(ln))
    cnt=collections.Counter(); texts=set()
    with open(os.path.join(OUT,'pii_cases.jsonl'),'w',encoding='utf-8') as fo:
        for i,(note,text,spans) in enumerate(pos,1):
            tid=f'p-{i:04d}'
            if text in texts: errs.append(f'{tid}: duplicate text')
            texts.add(text)
            if not spans: errs.append(f'{tid}: no spans')
            last=-1
            for s,e,t,v in sorted(spans):
                if text[s:e]!=v: errs.append(f'{tid}: offset')
                if s<last: errs.append(f'{tid}: overlap')
                if v!=v.strip() or not v: errs.append(f'{tid}: span whitespace {v!r}')
                if t=='KEEP': errs.append(f'{tid}: keep in positive')
                last=e; cnt[t]+=1
            check_groups('ID',[v for s,e,t,v in spans if t=='ID'],id_ok,(18,),errs,tid)
            check_groups('CARD',[v for s,e,t,v in spans if t=='BANKCARD'],card_ok,(16,17,18,19),errs,tid)
            fo.write(json.dumps({'id':tid,'text':text,'spans':[[s,e,t] for s,e,t,v in spans],'note':note},ensure_ascii=False)+'\n')
    kc=0
    with open(os.path.join(OUT,'negatives.jsonl'),'w',encoding='utf-8') as fo:
        for i,(note,text,spans) in enumerate(neg,1):
            tid=f'pn-{i:04d}'
            if text in texts: errs.append(f'{tid}: duplicate text')
            texts.add(text)
            if any(t!='KEEP' for *_,t,v in spans): errs.append(f'{tid}: non-keep markup')
            keep=[v for s,e,t,v in spans]
            if not keep: errs.append(f'{tid}: no keep')
            for k in keep: assert k in text
            kc+=len(keep)
            fo.write(json.dumps({'id':tid,'text':text,'keep':keep,'note':note},ensure_ascii=False)+'\n')
    print('positives',len(pos),'spans',sum(cnt.values()),dict(sorted(cnt.items())))
    print('negatives',len(neg),'keeps',kc)
    for e in errs: print('ERR',e)
    return cnt,len(pos),len(neg)
if __name__=='__main__': main()
