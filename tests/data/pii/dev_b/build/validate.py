import json, re, sys, datetime, collections
import os
D=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '')
W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
err=[]
def luhn_ok(d):
    s=0
    for i,c in enumerate(reversed(d)):
        n=int(c)
        if i%2: n=n*2-9 if n*2>9 else n*2
        s+=n
    return s%10==0
def date_ok(y,m,d):
    try: datetime.date(y,m,d); return True
    except ValueError: return False
pos=[json.loads(l) for l in open(D+'pii_cases.jsonl',encoding='utf-8')]
neg=[json.loads(l) for l in open(D+'negatives.jsonl',encoding='utf-8')]
cnt=collections.Counter(); ids=set()
TYPES={'PHONE','NAME','MESSAGING','ID','BANKCARD','EMAIL','PASSPORT','PLATE','ADDRESS'}
for r in pos:
    assert set(r)=={'id','text','spans','note'}, r
    if r['id'] in ids: err.append(('dup id',r['id']))
    ids.add(r['id']); t=r['text']
    if not r['spans']: err.append(('no spans',r['id']))
    prev=-1
    for s,e,ty in sorted(r['spans']):
        if ty not in TYPES: err.append(('type',r['id'],ty))
        if not (0<=s<e<=len(t)): err.append(('range',r['id'],s,e)); continue
        v=t[s:e]
        if v!=v.strip(): err.append(('ws',r['id'],v))
        if s<prev: err.append(('overlap',r['id'],v))
        prev=e; cnt[ty]+=1
        if ty=='ID':
            d=re.sub(r'\s','',v)
            if len(d)==18:
                ok=d[:17].isdigit() and '10X98765432'[sum(int(a)*b for a,b in zip(d[:17],W))%11]==d[17].upper() and date_ok(int(d[6:10]),int(d[10:12]),int(d[12:14]))
            elif len(d)==15:
                ok=d.isdigit() and date_ok(1900+int(d[6:8]),int(d[8:10]),int(d[10:12]))
            else: ok=False
            if not ok: err.append(('bad ID',r['id'],v))
        if ty=='BANKCARD':
            d=re.sub(r'[\s\-]','',v)
            if not (d.isdigit() and 16<=len(d)<=19 and luhn_ok(d)): err.append(('bad card',r['id'],v))
for r in neg:
    assert set(r)=={'id','text','keep','note'}, r
    if r['id'] in ids: err.append(('dup id',r['id']))
    ids.add(r['id'])
    if not r['keep']: err.append(('no keep',r['id']))
    for k in r['keep']:
        if not k or k not in r['text']: err.append(('keep missing',r['id'],k))
for ty in TYPES:
    if cnt[ty]<30: err.append(('count<30',ty,cnt[ty]))
if len(pos)<220 or sum(cnt.values())<300 or len(neg)<250: err.append(('totals',len(pos),sum(cnt.values()),len(neg)))
print('positive texts',len(pos),'spans',sum(cnt.values()),'negatives',len(neg))
for ty in sorted(TYPES): print(f'  {ty:10s} {cnt[ty]}')
print('ERRORS:',err if err else 'none')
sys.exit(1 if err else 0)
