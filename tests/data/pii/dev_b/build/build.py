import json, re, datetime, collections
import os
OUT=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '')
TYPES={'P':'PHONE','N':'NAME','M':'MESSAGING','I':'ID','B':'BANKCARD','E':'EMAIL','S':'PASSPORT','L':'PLATE','A':'ADDRESS'}
W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
def id_check(d17): return '10X98765432'[sum(int(a)*b for a,b in zip(d17,W))%11]
def luhn_ok(d):
    s=0
    for i,c in enumerate(reversed(d)):
        n=int(c)
        if i%2==1:
            n*=2
            if n>9:n-=9
        s+=n
    return s%10==0
def luhn_digit(payload):
    for c in '0123456789':
        if luhn_ok(payload+c): return c
def fill(t,v):
    if '?' not in v: return v
    assert v.count('?')==1 and v.endswith('?'), v
    digits=re.sub(r'[\s\-]','',v[:-1])
    assert digits.isdigit(), v
    c = id_check(digits) if t=='I' else luhn_digit(digits)
    return v[:-1]+c
MK=re.compile(r'⟦([PNMIBESLA])\|(.*?)⟧')
def parse(line):
    text,note=line.rsplit(' ## ',1)
    return text.replace('\\n','\n').strip(), note.strip()
def build_pos():
    recs=[]
    for i,line in enumerate(l for l in open('pos.txt',encoding='utf-8').read().split('\n') if l.strip()):
        raw,note=parse(line)
        out='';spans=[];pos=0
        for m in MK.finditer(raw):
            out+=raw[pos:m.start()]
            t=m.group(1); v=fill(t,m.group(2))
            spans.append([len(out),len(out)+len(v),TYPES[t]]); out+=v; pos=m.end()
        out+=raw[pos:]
        assert '⟦' not in out and '⟧' not in out, line
        recs.append({'id':f'h{i+1:04d}','text':out,'spans':spans,'note':note})
    return recs
KM=re.compile(r'⟦(.*?)⟧')
def build_neg():
    recs=[]
    for i,line in enumerate(l for l in open('neg.txt',encoding='utf-8').read().split('\n') if l.strip()):
        raw,note=parse(line)
        keep=KM.findall(raw); text=KM.sub(lambda m:m.group(1),raw)
        recs.append({'id':f'n{i+1:04d}','text':text,'keep':list(dict.fromkeys(keep)),'note':note})
    return recs
pos=build_pos(); neg=build_neg()
with open(OUT+'pii_cases.jsonl','w',encoding='utf-8') as f:
    for r in pos: f.write(json.dumps(r,ensure_ascii=False)+'\n')
with open(OUT+'negatives.jsonl','w',encoding='utf-8') as f:
    for r in neg: f.write(json.dumps(r,ensure_ascii=False)+'\n')
print(len(pos),len(neg))
